"""Which reader a file to import gets (a workbook, or a CSV file of one table), once it is
checked to be an ordinary file, not empty and not too large; any other kind of file is refused
with a message saying what to save it as.
"""

from __future__ import annotations

import stat
from pathlib import Path

from planpress.exchange.csvread import read_csv
from planpress.exchange.sheets import ReadResult, SheetError
from planpress.exchange.workbookread import read_workbook

MAX_FILE_BYTES = 50 * 1024 * 1024


def read_file(path: Path, display: str) -> ReadResult:
    """Read a workbook (.xlsx) or a CSV file of one table; `SheetError` if it cannot be."""
    suffix = path.suffix.lower()
    _check_file(path, display)
    if suffix == ".csv":
        return read_csv(path, display)
    if suffix in (".xlsx", ".xlsm"):
        return read_workbook(path, display)
    if suffix == ".xls":
        raise SheetError(
            f"{display} is an Excel 97-2003 workbook (.xls): save it as an Excel workbook "
            "(.xlsx) and import that"
        )
    if suffix in (".ods", ".numbers"):
        raise SheetError(
            f"{display} is not an Excel workbook: save it as .xlsx (File, Save as, Excel "
            "2007-365) and import that"
        )
    raise SheetError(
        f"{display}: planpress imports an Excel workbook (.xlsx) or a CSV file of actions (.csv)"
    )


def _check_file(path: Path, display: str) -> None:
    try:
        info = Path(path).stat()
    except FileNotFoundError:
        raise SheetError(f"{display}: no such file") from None
    except OSError as exc:
        raise SheetError(f"{display}: cannot be read ({exc.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise SheetError(f"{display} is not an ordinary file: give a workbook to import")
    if info.st_size > MAX_FILE_BYTES:
        raise SheetError(
            f"{display} is too large: {info.st_size / 1024 / 1024:,.0f} MB (at most "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB)"
        )
    if info.st_size == 0:
        raise SheetError(f"{display} is empty")
