"""Publishing a version: git, mike and the processes they run, on a real repository.

Modules: `publish` (the command's order of work), `preflight` (the checks before anything is
read from git), `facts` and `remote` (what is read first), `deploy` (mike, the site root and the
record commit), `publish_state` (the lock and the journal that undoes a killed publish),
`gitrepo` (the few git operations needed), `mike_child` (mike as a child that dies with its
parent) and `processes` (children that die with planpress, and signals as exceptions). Verifying
what is published (`planpress verify`): `verify`, with `verification` (what it found),
`verify_records` (the records in releases/), `verify_files` (each version's files and aliases)
and `manifests` (the SHA-256 of the pages branch's files, also how `deploy` takes a manifest).
The decisions themselves are `planpress.versions.policy`, pure.
"""
