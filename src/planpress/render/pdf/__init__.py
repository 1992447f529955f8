"""The PDFs: the prospectus (`prospectus`) and the board report (`report`), each a standalone
HTML document written by one engine (`engine`) as a tagged, printable A4 PDF."""

from __future__ import annotations

from planpress.render.pdf.engine import PdfError, PdfResult, write_html_pdf
from planpress.render.pdf.prospectus import render_prospectus_html, write_pdf
from planpress.render.pdf.report import render_report_html, write_report_pdf

__all__ = [
    "PdfError",
    "PdfResult",
    "render_prospectus_html",
    "render_report_html",
    "write_html_pdf",
    "write_pdf",
    "write_report_pdf",
]
