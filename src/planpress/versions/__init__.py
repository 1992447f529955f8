"""Versions of the plan: what a board meeting publishes, what changed, and publishing it.

One vocabulary, in the code, the messages and the docs:

- a **version** is what a board meeting publishes: a name, a title and a stage (the meeting's
  `publishes:` in `meetings.yml`; `core.model.Publishes`);
- a **published version** is a version deployed to the pages branch with mike, with its
  **record** in `releases/<version>.json` (`published.PublishedVersion`, read from the record);
- a **build's version** is the version a build of the site is (`build.BuildVersion`: None for a
  preview of unpublished data), with the published versions around it and what changed.

Modules: `published` (records), `changes` and `build` (what changed), and publishing: `publish`
(the command's order of work), `preflight` and `policy` (the decisions, pure), `facts` and
`remote` (what is read first), `deploy` (git and mike), `publish_state` (the lock and the
journal that undoes a killed publish), `gitrepo`, `mike_child` and `children` (processes).
"""
