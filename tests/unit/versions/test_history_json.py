"""The JSON form of a history, as each record carries it (versions/history_json.py)."""

from __future__ import annotations

import json

from history_cases import records

from planpress.versions.history_fold import history_of
from planpress.versions.history_json import history_from_json, history_json


def test_the_history_survives_its_json_form() -> None:
    releases = records(carry=True)
    history = history_of(releases[-1], releases)
    again = history_from_json(json.loads(json.dumps(history_json(history))))
    assert again == history


def test_a_history_this_release_cannot_read_is_none() -> None:
    assert history_from_json({"format": 99}) is None
    assert history_from_json({"format": 1, "versions": [], "actions": {"A": 1}}) is None
