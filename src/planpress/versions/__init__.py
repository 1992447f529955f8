"""Versions of the plan: what a board meeting publishes, what changed, and the rules of
publishing, all pure (no git, no mike, no processes; publishing them is `planpress.publishing`).

One vocabulary, in the code, the messages and the docs:

- a **version** is what a board meeting publishes: a name, a title and a stage (the meeting's
  `publishes:` in `meetings.yml`; `core.model.Publishes`);
- a **published version** is a version deployed to the pages branch with mike, with its
  **record** in `releases/<version>.json` (`published.PublishedVersion`, read from the record);
- a **build's version** is the version a build of the site is (`build.BuildVersion`: None for a
  preview of unpublished data), with the published versions around it and what changed.

Modules: `published` (records), `changes` and `build` (what changed), `history` (each action's
history and baseline: what they hold), `history_fold` (computing them from records) and
`history_json` (their form in a record), `seal` (a record's seal and manifest), `seal_chain` (the
chain of sealed records) and `seal_files` (seals.json and the checksums at the site root),
`policy` (what publishing decides from the facts it has read: pure), with `refusals` (the rules
that refuse a publish) and `publish_terms` (the request, the facts, the plan and the refusal).
"""
