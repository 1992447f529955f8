"""A hook for the benchmark's pre-rendered build (bench.py): the search index, made as the
planpress plugin makes it after every build, so that the two builds compared do the same work
beyond the data layer.

The index's action records are made from the plan, which the pre-rendered build does not
load: the hook loads it from the project its pages were rendered from (bench.py puts the
pre-rendered site in `static/` beside that project's `project/`), which adds one load of the
plan to this build."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planpress.adapters.search import build_index
from planpress.core.plancache import require_plan


def on_post_build(config: Any) -> None:
    data = Path(config["config_file_path"]).resolve().parent.parent / "project" / "data"
    plan = require_plan(data)[0]
    build_index(Path(config["site_dir"]), plan, directory_urls=config["use_directory_urls"])
