"""The journey test needs Debian's Chromium, as the browser tests do: without it (or without
the playwright and axe-playwright-python packages) it is skipped with the reason, except when
CI=true, when it fails, so that CI always runs it."""

from __future__ import annotations

import os
from typing import Any

import pytest
from browser.browsing import MISSING


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "journey: the published site read page by page in Chromium (make test runs it)"
    )


@pytest.fixture(scope="module", autouse=True)
def chromium_available() -> None:
    """Skip the journey, with the reason, when Chromium is missing; in CI, fail."""
    if MISSING is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the journey test, but {MISSING}", pytrace=False)
    pytest.skip(f"journey test skipped: {MISSING}; with CI=true it fails instead")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say plainly, at the end of the run, when the journey test did not run."""
    if MISSING is not None and os.environ.get("CI") != "true":
        terminalreporter.write_sep("-", "journey test skipped")
        terminalreporter.write_line(f"The journey test did not run: {MISSING}.")
