"""planpress: a partnership's plan kept as validated YAML, published as a site, a PDF and data.

The package is laid out as its architecture:

- `planpress.core`: the data contract (model), YAML loading with file:line:column, the checks
  across records, problems in words, and the one place that resolves a site's folders
  (settings). It imports nothing from MkDocs.
- `planpress.render`: the plan as HTML fragments, the timeline, the data reference, the
  prospectus and its PDF, and their templates.
- `planpress.versions`: published versions, what changed between them, and publishing.
- `planpress.adapters`: the mkdocs-macros entry, the MkDocs plugin and the command line.
- `planpress.pages`, `planpress.theme`, `planpress.scaffold`: the pages and theme every site
  gets, and what `planpress new` writes.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("planpress")
except PackageNotFoundError:  # run from a source tree that is not installed
    __version__ = "0+unknown"
