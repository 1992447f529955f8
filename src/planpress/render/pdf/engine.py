"""The engine every planpress PDF is made with: an HTML document rendered by WeasyPrint as an
accessible, printable A4 PDF (tagged, PDF/UA), written whole or not at all.

WeasyPrint is used (rather than a browser's print-to-PDF) for what print needs and browsers do
not do: contents with page numbers (`target-counter`), "Page N of M" in running footers, tables
whose header repeats, and a tagged PDF (PDF/UA) with its language and metadata.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planpress.core.outfiles import OutputError, writable_target, write_whole


class PdfError(Exception):
    """The PDF could not be made; the message says what to do (one line)."""


@dataclass
class PdfResult:
    path: Path
    pages: int
    size: int
    seconds: float


def _weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise PdfError(
            f"the PDF engine WeasyPrint cannot start ({reason}): install Pango, e.g. "
            "`apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core` on Debian or "
            "Ubuntu, then run `make install`"
        ) from None
    return weasyprint


def write_html_pdf(target: Path, make_html: Callable[[], str]) -> PdfResult:
    """Write the HTML document that `make_html` renders to `target` as a tagged PDF (PDF/UA),
    written whole or not at all: the engine every planpress PDF is made with.

    The target is checked before anything is rendered: a folder or a device is refused.
    """
    started = time.perf_counter()
    try:
        writable_target(target)
    except OutputError as exc:
        raise PdfError(str(exc)) from None
    weasyprint = _weasyprint()
    html = make_html()
    document = weasyprint.HTML(string=html, base_url=str(Path(target).parent)).render()
    del html
    gc.collect()  # the parse's garbage, freed before the PDF's streams are built
    try:
        written = write_whole(
            target,
            lambda stream: document.write_pdf(stream, pdf_variant="pdf/ua-1", pdf_tags=True),
        )
    except OutputError as exc:
        raise PdfError(str(exc)) from None
    return PdfResult(
        target, len(document.pages), written.stat().st_size, time.perf_counter() - started
    )
