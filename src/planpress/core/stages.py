"""The stages a version of the plan goes through, and what each one allows.

A meeting's `publishes.stage` in the data is one of these names. The rules that depend on it
(a draft says so on every page; only a draft may be replaced; `approved` points at the newest
approved version) are asked of a `Stage` rather than written as string tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

from planpress.core.model import StageName

NAMES: tuple[str, ...] = get_args(StageName)  # in order, as the data contract lists them
DRAFTS = ("embryonic", "draft")


@dataclass(frozen=True)
class Stage:
    name: str

    @classmethod
    def of(cls, name: str | None) -> Stage | None:
        """The stage called `name`, or None for no stage (a working copy)."""
        return cls(name) if name else None

    @property
    def is_draft(self) -> bool:
        """Embryonic or draft: not a plan the board has approved; labelled on every page."""
        return self.name in DRAFTS

    @property
    def replaceable(self) -> bool:
        """Whether a published version at this stage may be replaced (with a reason)."""
        return self.is_draft

    @property
    def is_approved(self) -> bool:
        """Approved or final: the `approved` alias may point at it."""
        return self.name in ("approved", "final")

    @property
    def label(self) -> str:
        return self.name.capitalize()

    @property
    def with_article(self) -> str:
        """`an embryonic`, `a draft`: the stage after its article, for sentences."""
        return f"{'an' if self.name[:1] in 'aeiou' else 'a'} {self.name}"
