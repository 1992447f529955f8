"""A hook for the benchmark's pre-rendered build (bench.py): the search index, made as the
planpress plugin makes it after every build, so that the two builds compared do the same work
beyond the data layer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planpress.adapters.search import build_index


def on_post_build(config: Any) -> None:
    build_index(Path(config["site_dir"]))
