"""Validate one parsed data file against the model (`validate`), keeping the valid records with
where each was written (`Collected`), and the valid items of a list that has some invalid ones,
so that the checks across records still run."""

from __future__ import annotations

import typing
from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError

from planpress.core.collected import Collected, Entry
from planpress.core.messages import message_for
from planpress.core.model import DataFile, PlanInfo
from planpress.core.problems import FileError, Problem
from planpress.core.yamlfile import YamlDocument


@cache
def _adapter(shape: Any) -> TypeAdapter[Any]:
    return TypeAdapter(shape)


# Kinds of record nested inside plan.yml, checked like any other record.
_NESTED = (("strands", "strand"), ("themes", "theme"), ("documents", "document"))


def file_problem(spec: DataFile, display: str, exc: FileError) -> Problem:
    """The problem of a file that cannot be read, saying what an empty file should hold."""
    problem = exc.problem
    if problem.message == "file is empty":
        return Problem(display, 1, 1, f"file is empty (it should hold {spec.holds})")
    return problem


def validate(
    spec: DataFile, doc: YamlDocument, problems: list[Problem], collected: Collected
) -> Any:
    """The file's validated value (invalid list items dropped), or None if nothing is usable."""
    try:
        value = _adapter(spec.shape).validate_python(doc.value)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            message, at_key = message_for(error, spec.shape, spec.item)
            loc = tuple(error["loc"])
            if loc and loc[-1] == "[key]":  # a mapping key that is not allowed (glossary)
                loc, at_key = loc[:-1], True
            problems.append(doc.problem(loc, message, at_key=at_key))
        value = _salvage(spec, doc, collected)
        if value is None:
            return None
    else:
        _collect(spec, doc, value, collected)
    return value


def _salvage(spec: DataFile, doc: YamlDocument, collected: Collected) -> Any:
    """The valid items of a list that has some invalid ones, so other checks can still run."""
    if typing.get_origin(spec.shape) is not list or not isinstance(doc.value, list):
        return None
    item_adapter = _adapter(typing.get_args(spec.shape)[0])
    kept = []
    for index, raw in enumerate(doc.value):
        try:
            record = item_adapter.validate_python(raw)
        except ValidationError:
            collected.add_broken(spec.item, raw, doc, (index,))
            continue
        kept.append(record)
        collected.add(spec.item, _entry(record, doc, (index,)))
    return kept


def _collect(spec: DataFile, doc: YamlDocument, value: Any, collected: Collected) -> None:
    if isinstance(value, PlanInfo):
        collected.add("plan", _entry(value, doc, ()))
        if value.prospectus is not None:
            collected.add("prospectus", _entry(value.prospectus, doc, ("prospectus",)))
        for name, kind in _NESTED:
            for index, record in enumerate(getattr(value, name) or []):
                collected.add(kind, _entry(record, doc, (name, index)))
    elif isinstance(value, list):
        for index, record in enumerate(value):
            collected.add(spec.item, _entry(record, doc, (index,)))


def _entry(record: Any, doc: YamlDocument, loc: tuple[Any, ...]) -> Entry:
    """A record with its place, and its line when it has an id (for edit links)."""
    line = doc.line_of(loc) if getattr(record, "id", None) is not None else 0
    return Entry(record, doc, loc, line)
