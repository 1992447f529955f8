"""Read an edited workbook (or a CSV file of one table) back into rows of plain values.

Every problem names its sheet and cell as a spreadsheet shows them (`plan.xlsx:Actions!F12`),
and a file that is not a workbook, is too large, unpacks to far more than its size, or has
sheets, columns or cells planpress cannot read faithfully (renamed, merged, formulas, text in a
money cell, a date typed as text) is refused with a message saying what to do.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import stat
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planpress.core.characters import shown
from planpress.core.model import PlanDate
from planpress.exchange.cells import FORMULA_STARTS, TEXT_MARK
from planpress.exchange.tables import LIST_SEPARATOR, TABLE_BY_NAME, TABLES, Column, Table
from planpress.exchange.workbook import (
    BASE_FORMAT,
    BASE_FORMAT_1,
    BASE_SHEET,
    LISTS_SHEET,
    README_SHEET,
    base_digest,
)
from planpress.exchange.years import year_cell

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
MAX_RATIO = 200  # unpacked size over packed size, above which a workbook is a zip bomb
MAX_MEMBERS = 10_000
_ISO_DATE = re.compile(r"\d{4}-\d{2}(-\d{2})?")
_TRUE = {"true", "yes"}
_CONSTANTS = {"=TRUE()": True, "=FALSE()": False}
_FALSE = {"false", "no"}


class SheetError(Exception):
    """The file cannot be read as a plan's workbook at all; the message says why."""


@dataclass(frozen=True)
class CellProblem:
    place: str  # `plan.xlsx:Actions!F12`, or `plan.xlsx:Actions` for a whole sheet
    message: str

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"


@dataclass
class Row:
    number: int
    values: dict[str, Any]


@dataclass
class SheetRows:
    table: Table
    rows: list[Row] = field(default_factory=list)
    letters: dict[str, str] = field(default_factory=dict)  # column name -> its letter


@dataclass
class ReadResult:
    """The tables read, the rows as exported (None without them), and every problem."""

    display: str
    sheets: dict[str, SheetRows]
    base: dict[str, list[dict[str, Any]]] | None
    problems: list[CellProblem]
    is_csv: bool = False  # a CSV file's cells have no sheet: `actions.csv:F12`

    def place(self, table: str, column: str | None, row: int) -> str:
        sheet = self.sheets[table]
        if column is None:
            column = sheet.table.key[0]
        letter = sheet.letters.get(column, "A")
        return f"{self._sheet_prefix(sheet)}{letter}{row}"

    def _sheet_prefix(self, sheet: SheetRows) -> str:
        if self.is_csv:
            return f"{self.display}:"
        return f"{self.display}:{_sheet_ref(sheet.table.sheet)}!"


def _sheet_ref(name: str) -> str:
    return name if re.fullmatch(r"\w+", name) else "'" + name.replace("'", "''") + "'"


def read_file(path: Path, display: str) -> ReadResult:
    """Read a workbook (.xlsx) or a CSV file of one table; `SheetError` if it cannot be."""
    suffix = path.suffix.lower()
    _check_file(path, display)
    if suffix == ".csv":
        return _read_csv(path, display)
    if suffix in (".xlsx", ".xlsm"):
        return _read_workbook(path, display)
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


# ---------------------------------------------------------------- workbooks


def _check_zip(path: Path, display: str) -> None:
    if not zipfile.is_zipfile(path):
        raise SheetError(
            f"{display} is not an Excel workbook (.xlsx): it may be another kind of file "
            "renamed; open it in a spreadsheet program and save it as .xlsx"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise SheetError(f"{display} is damaged and cannot be opened ({exc})") from None
    if len(members) > MAX_MEMBERS:
        raise SheetError(f"{display} holds {len(members):,} parts: too many for a workbook")
    unpacked = sum(m.file_size for m in members)
    packed = max(sum(m.compress_size for m in members), 1)
    bomb = unpacked > 10 * 1024 * 1024 and unpacked / packed > MAX_RATIO
    if unpacked > MAX_UNPACKED_BYTES or bomb:
        raise SheetError(
            f"{display} unpacks to {unpacked / 1024 / 1024:,.0f} MB from "
            f"{packed / 1024 / 1024:,.1f} MB: far more than a plan's workbook holds, so it "
            "was not opened"
        )


def _read_workbook(path: Path, display: str) -> ReadResult:
    _check_zip(path, display)
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise SheetError(f"{display} cannot be opened as a workbook ({shown(reason)})") from None
    problems: list[CellProblem] = []
    names = book.sheetnames
    known = {t.sheet for t in TABLES} | {README_SHEET, LISTS_SHEET, BASE_SHEET}
    for name in names:
        if name not in known:
            problems.append(
                CellProblem(
                    f"{display}:{_sheet_ref(name)}",
                    f"unknown sheet '{shown(name)}': planpress reads the sheets "
                    + ", ".join(t.sheet for t in TABLES)
                    + " (was one renamed? give it its name back, or move this sheet to "
                    "another workbook)",
                )
            )
    sheets: dict[str, SheetRows] = {}
    for table in TABLES:
        if table.sheet not in names:
            problems.append(
                CellProblem(
                    display,
                    f"the sheet '{table.sheet}' is missing ({table.description[:-1].lower()}); "
                    "export the workbook again, or put the sheet back with its header row",
                )
            )
            continue
        prefix = f"{display}:{_sheet_ref(table.sheet)}!"
        try:
            sheet = book[table.sheet]
            _every_row(sheet)
            merged = _merged_cells(book, sheet)
            sheets[table.name] = _read_sheet(sheet, table, prefix, merged, problems)
        except (KeyError, ValueError, TypeError, zipfile.BadZipFile) as exc:
            raise SheetError(
                f"{display}: the {table.sheet} sheet is damaged and cannot be read ({exc})"
            ) from None
    try:
        base = _read_base(book, names, display)
    finally:
        book.close()
    return ReadResult(display, sheets, base, problems)


def _every_row(sheet: Any) -> None:
    """Read every row the sheet holds, whatever its `<dimension>` claims.

    A read-only openpyxl sheet stops at the last row and column its `<dimension>` element
    names; a program that writes a wrong one (or a hand edit) would hide the rows past it.
    """
    reset = getattr(sheet, "reset_dimensions", None)
    if reset is not None:
        reset()


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')


def _merged_cells(book: Any, sheet: Any) -> list[str]:
    """The merged ranges of a sheet, read from its XML (read-only sheets do not list them)."""
    path = getattr(sheet, "_worksheet_path", None)
    if path is None:
        return []
    with book._archive.open(path) as stream:
        data = stream.read()
    return [m.decode() for m in _MERGE.findall(data)]


def _read_base(book: Any, names: list[str], display: str) -> dict[str, list[dict[str, Any]]]:
    """The rows as exported, from the very hidden sheet; `SheetError` if it is not whole.

    Without them an import cannot tell the person's edits from changes made in `data/` since
    the export (it would undo those, and delete what the sheets leave out), so a workbook whose
    base is missing, cut short or edited is refused, never read as the whole of each table.
    """
    again = (
        "export the workbook again (planpress export --xlsx FILE) and redo the edits in the new "
        "one (copying cells from this one is fine)"
    )
    if BASE_SHEET not in names:
        raise SheetError(
            f"{display}: the hidden sheet '{BASE_SHEET}' is missing; it holds the rows as "
            "exported, which planpress needs to tell your edits from changes made in data/ "
            f"since: {again}"
        )
    sheet = book[BASE_SHEET]
    _every_row(sheet)
    rows = sheet.iter_rows(values_only=True)
    first: tuple[Any, ...] = next(rows, ()) or ()
    label = first[0] if first else None
    if label == BASE_FORMAT_1:
        raise SheetError(
            f"{display} was exported by an earlier planpress, whose hidden sheet "
            f"'{BASE_SHEET}' cannot be checked for damage: {again}"
        )
    digest = first[1] if len(first) > 1 else None

    def damaged(why: str) -> SheetError:
        return SheetError(
            f"{display}: the hidden sheet '{BASE_SHEET}' is damaged ({why}); it holds the rows "
            "as exported, which planpress needs to tell your edits from changes made in data/ "
            f"since: {again}"
        )

    if label != BASE_FORMAT or not isinstance(digest, str):
        raise damaged("its first row is not as planpress wrote it")
    texts: list[str] = []
    try:
        for number, row in enumerate(rows, start=2):
            if any(v is not None and not isinstance(v, str) for v in row):
                raise damaged(f"row {number} holds a value that is not text")
            text = "".join(v for v in row if v is not None)
            if text:
                texts.append(text)
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile) as exc:
        raise damaged(f"it cannot be read: {shown(str(exc))}") from None
    if base_digest(texts) != digest:
        raise damaged("its rows are not the rows that were exported")
    base: dict[str, list[dict[str, Any]]] = {t.name: [] for t in TABLES}
    for text in texts:
        try:
            name, values = json.loads(text)
        except (ValueError, TypeError):
            raise damaged("a row is not what planpress wrote") from None
        if name not in base or not isinstance(values, dict):
            raise damaged("a row is not what planpress wrote")
        base[name].append(values)
    return base


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    letter: str = get_column_letter(index)
    return letter


def _sheet_header(
    header: Any, table: Table, prefix: str, result: SheetRows, problems: list[CellProblem]
) -> tuple[dict[int, Column], set[int]]:
    """The sheet's columns by position, read from its header row (each letter noted in
    `result`), and the positions of header cells already reported."""
    columns: dict[int, Column] = {}
    flagged: set[int] = set()  # header cells already reported
    names = {c.name: c for c in table.columns}
    for position, cell in enumerate(header, start=1):
        name = cell.value
        if name is None or (isinstance(name, str) and not name.strip()):
            continue
        name = str(name).strip()
        place = f"{prefix}{_letter(position)}1"
        if name not in names:
            flagged.add(position)
            problems.append(
                CellProblem(
                    place,
                    f"unknown column '{shown(name)}': the {table.sheet} sheet has the columns "
                    + ", ".join(names)
                    + " (was one renamed? give it its name back; keep notes of your own in "
                    "another workbook)",
                )
            )
            continue
        if names[name] in columns.values():
            flagged.add(position)
            problems.append(CellProblem(place, f"the column '{name}' is there twice"))
            continue
        columns[position] = names[name]
        result.letters[name] = _letter(position)
    missing = [c.name for c in table.columns if c.name not in result.letters]
    if missing:
        problems.append(
            CellProblem(
                prefix[:-1],
                f"column{'s' if len(missing) > 1 else ''} "
                + ", ".join(f"'{m}'" for m in missing)
                + f" {'are' if len(missing) > 1 else 'is'} missing from the header row (row 1); "
                "put back every column the workbook was exported with",
            )
        )
    return columns, flagged


def _cell_value(cell: Any, value: Any, column: Column) -> Any:
    """The value of a cell that holds one, as its column takes it, or `Refused` saying why
    not (a formula, or a value the column does not take)."""
    if cell.data_type == "f" and str(value).upper() in _CONSTANTS:
        value = _CONSTANTS[str(value).upper()]  # how LibreOffice writes TRUE and FALSE
    elif cell.data_type == "f" or not isinstance(
        value, str | int | float | bool | datetime.date | datetime.time
    ):
        formula = value if isinstance(value, str) else getattr(value, "text", "")
        return Refused(
            f"a formula ({shown(str(formula))[:60]}): planpress reads values, not "
            "formulas, and does not take the value last calculated; type the value "
            "itself (or copy the cell and paste it as a value)"
        )
    return convert(column, value, cell.number_format, from_text=False)


def _read_sheet(
    sheet: Any, table: Table, prefix: str, merged: list[str], problems: list[CellProblem]
) -> SheetRows:
    result = SheetRows(table)
    for ref in merged:
        problems.append(
            CellProblem(
                f"{prefix}{ref}", "merged cells: unmerge them, so that each cell holds one value"
            )
        )
    rows = sheet.iter_rows()
    columns, flagged = _sheet_header(next(rows, ()), table, prefix, result, problems)
    unheaded: set[int] = set()
    for number, cells in enumerate(rows, start=2):
        values: dict[str, Any] = {}
        empty = True
        for position, cell in enumerate(cells, start=1):
            value = cell.value
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            column = columns.get(position)
            place = f"{prefix}{_letter(position)}{number}"
            if column is None:
                if position not in unheaded and position not in flagged:
                    unheaded.add(position)
                    problems.append(
                        CellProblem(
                            place,
                            "a value in a column with no header: planpress reads only the "
                            "columns named in row 1",
                        )
                    )
                continue
            empty = False
            converted = _cell_value(cell, value, column)
            if isinstance(converted, Refused):
                problems.append(CellProblem(place, converted.message))
                continue
            values[column.name] = converted
        if empty:
            continue
        for column in table.columns:
            values.setdefault(column.name, False if column.kind == "boolean" else None)
        result.rows.append(Row(number, values))
    return result


# ---------------------------------------------------------------- CSV


def _csv_records(path: Path, display: str) -> tuple[list[str], list[list[str]]]:
    """The CSV file's header row and its other rows; `SheetError` if it cannot be read as one."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SheetError(
            f"{display} is not UTF-8 text: save it as 'CSV UTF-8 (comma delimited)'"
        ) from None
    if "\x00" in text:
        raise SheetError(f"{display} is not a CSV file (it holds binary data)")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        records = list(reader)
    except csv.Error as exc:
        raise SheetError(
            f"{display}:{reader.line_num}: not a CSV file that can be read ({shown(str(exc), 100)})"
        ) from None
    if not header:
        raise SheetError(f"{display} has no header row")
    return header, records


def _read_csv(path: Path, display: str) -> ReadResult:
    header, records = _csv_records(path, display)
    table = TABLE_BY_NAME.get(path.stem.lower(), TABLE_BY_NAME["actions"])
    prefix = f"{display}:"
    problems: list[CellProblem] = []
    result = SheetRows(table)
    names = {c.name: c for c in table.columns}
    columns: dict[int, Column] = {}
    for index, name in enumerate(header):
        name = name.strip()
        if not name:
            continue
        letter = _letter(index + 1)
        if name not in names:
            problems.append(
                CellProblem(
                    f"{prefix}{letter}1",
                    f"unknown column '{shown(name)}': a CSV file of {table.name} has the "
                    "columns " + ", ".join(names),
                )
            )
            continue
        columns[index] = names[name]
        result.letters[name] = letter
    missing = [c.name for c in table.columns if c.name not in result.letters]
    if missing:
        problems.append(
            CellProblem(
                display,
                "missing column" + ("s " if len(missing) > 1 else " ") + ", ".join(missing),
            )
        )
    for number, record in enumerate(records, start=2):
        values: dict[str, Any] = {}
        if not any(v.strip() for v in record):
            continue
        for index, raw in enumerate(record):
            column = columns.get(index)
            if column is None or not raw.strip():
                continue
            if column.kind in _TEXT_KINDS:
                raw = _unmarked(raw)
            converted = convert(column, raw, "General", from_text=True)
            if isinstance(converted, Refused):
                place = f"{prefix}{_letter(index + 1)}{number}"
                problems.append(CellProblem(place, converted.message))
                continue
            values[column.name] = converted
        for column in table.columns:
            values.setdefault(column.name, False if column.kind == "boolean" else None)
        result.rows.append(Row(number, values))
    return ReadResult(display, {table.name: result}, None, problems, is_csv=True)


_TEXT_KINDS = frozenset({"text", "id", "ids", "lines"})


def _unmarked(cell: str) -> str:
    """A text cell without the `'` that planpress's open-data CSV files put before a value
    beginning with =, +, -, @, a tab, a carriage return or `'` (`cells.neutralise`, so that no
    spreadsheet reads it as a formula). Any other text is taken as it is, a leading `'` kept."""
    second = cell[1:2]
    if cell.startswith(TEXT_MARK) and second and second in (*FORMULA_STARTS, TEXT_MARK):
        return cell[1:]
    return cell


# ---------------------------------------------------------------- one cell


@dataclass(frozen=True)
class Refused:
    message: str


def _month_only(number_format: str) -> bool:
    """True for a date format that shows no day (`yyyy-mm`, `mmm yyyy`)."""
    bare = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", number_format or "").lower()
    return "d" not in bare


def convert(column: Column, value: Any, number_format: str, *, from_text: bool) -> Any:
    """A cell's value as the column's kind of value, or `Refused` saying why it cannot be."""
    kind = column.kind
    if kind == "date":
        return _date(value, number_format, column.years)
    if kind in ("money", "integer"):
        return _number(column, value, from_text)
    if kind == "number":
        return _measure(value, from_text)
    if kind == "boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        return Refused(f"'{shown(str(value))}' is not TRUE or FALSE")
    if isinstance(value, datetime.datetime | datetime.date):
        return Refused("a date in a column of text: type the text")
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    if kind == "id":
        return text.strip()
    if kind == "ids":
        items = [item.strip() for item in text.split(LIST_SEPARATOR.strip())]
        return [item for item in items if item] or None
    if kind == "lines":
        lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
        return [line for line in lines if line] or None
    return text


def _date(value: Any, number_format: str, years: bool = False) -> Any:
    """A date cell's value as `PlanDate` text; with `years`, a year alone too (`year_cell`)."""
    year, why = year_cell(value, number_format) if years else (None, None)
    if year is not None or why is not None:
        return year if why is None else Refused(why)
    if isinstance(value, datetime.datetime | datetime.date):
        if isinstance(value, datetime.datetime) and value.time() != datetime.time():
            return Refused("a date with a time of day: type the date alone")
        if value.day == 1 and _month_only(number_format):
            text = f"{value.year:04d}-{value.month:02d}"
        else:
            text = f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
        return _plan_date(text)
    if isinstance(value, str):
        text = value.strip()
        if _ISO_DATE.fullmatch(text):
            return _plan_date(text)
        return Refused(
            f"'{shown(text)}' is text, not a date: type it as a date the spreadsheet "
            "recognises (it then lines up on the right of the cell), or as YYYY-MM-DD"
        )
    return Refused(
        f"{value} is a number, not a date: format the cell as a date, or type YYYY-MM-DD"
    )


def _plan_date(text: str) -> Any:
    try:
        return str(PlanDate.parse(text))
    except ValueError as exc:
        return Refused(f"'{text}' is not a date: {exc}")


def _number(column: Column, value: Any, from_text: bool) -> Any:
    what = "money" if column.kind == "money" else "a whole number"
    if isinstance(value, bool):
        return Refused(f"TRUE or FALSE in a column of {what}: type a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        return Refused(
            f"{value:,} has a fraction: {what} is in whole units"
            + (" of the plan's currency" if column.kind == "money" else "")
        )
    text = str(value).strip()
    if from_text and re.fullmatch(r"[0-9]+", text):
        return int(text)
    return Refused(
        f"'{shown(text)}' is text, not a number: type the number alone, with no currency "
        "sign, commas or words (for example 120000)"
    )


def _measure(value: Any, from_text: bool) -> Any:
    if isinstance(value, bool):
        return Refused("TRUE or FALSE in a column of numbers: type a number")
    if isinstance(value, int | float):
        return int(value) if isinstance(value, float) and value.is_integer() else value
    text = str(value).strip()
    if from_text and re.fullmatch(r"-?[0-9]+", text):
        return int(text)
    if from_text and re.fullmatch(r"-?[0-9]*\.[0-9]+", text):
        return float(text)
    return Refused(
        f"'{shown(text)}' is text, not a number: type the number alone, with no unit or "
        "commas (for example 81.5)"
    )
