"""planpress: a partnership's plan kept as validated YAML, published as a site, a PDF and data.

The package is laid out as its architecture, in layers: each package imports only from those
before it (tests/unit/test_layers.py holds it to that).

- `planpress.core`: the data contract (model), YAML loading with file:line:column, the checks
  across records, problems in words, and the one place that resolves a site's folders
  (settings). It imports nothing from MkDocs.
- `planpress.versions`: records of published versions, what changed between them, and what
  publishing decides (pure: no git, no processes).
- `planpress.exchange`: open data, the workbook and its import, feeds and calendars.
- `planpress.render`: the plan as HTML fragments, charts, the data reference, the prospectus
  and the board report as PDFs, and their templates.
- `planpress.publishing`: publishing a version with git and mike, its journal and processes.
- `planpress.adapters`: the mkdocs-macros entry, the MkDocs plugin, the preview and the
  command line.
- `planpress.pages`, `planpress.theme`, `planpress.scaffold`: the pages and theme every site
  gets, and what `planpress new` writes.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("planpress")
except PackageNotFoundError:  # run from a source tree that is not installed
    __version__ = "0+unknown"
