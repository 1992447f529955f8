"""Versions of the plan: what a board meeting publishes, what changed, and the rules of
publishing, all pure (no git, no mike, no processes; publishing them is `planpress.publishing`).

One vocabulary, in the code, the messages and the docs:

- a **version** is what a board meeting publishes: a name, a title and a stage (the meeting's
  `publishes:` in `meetings.yml`; `core.model.Publishes`);
- a **published version** is a version deployed to the pages branch with mike, with its
  **record** in `releases/<version>.json` (`published.PublishedVersion`, read from the record);
- a **build's version** is the version a build of the site is (`build.BuildVersion`: None for a
  preview of unpublished data), with the published versions around it and what changed.

Modules: `published` (records), `changes` and `build` (what changed), `policy` (what publishing
decides from the facts it has read: pure).
"""
