"""Which reader a file to import gets, once it is checked to be an ordinary file, not empty and
not too large; any other kind of file refused with what to save it as."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from planpress.exchange import reading
from planpress.exchange.reading import read_file
from planpress.exchange.sheets import SheetError


def refused(path: Path) -> str:
    with pytest.raises(SheetError) as found:
        read_file(path, path.name)
    return str(found.value)


def test_a_csv_file_and_a_workbook_go_to_their_readers(tmp_path: Path) -> None:
    csv_file = tmp_path / "actions.CSV"
    csv_file.write_text("id\r\nSKL-01\r\n")
    read = read_file(csv_file, "actions.CSV")
    assert read.is_csv and [r.values["id"] for r in read.sheets["actions"].rows] == ["SKL-01"]
    for suffix in (".xlsx", ".xlsm"):
        renamed = tmp_path / f"plan{suffix}"
        renamed.write_text("not a zip")
        assert "is not an Excel workbook (.xlsx): it may be another kind" in refused(renamed)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("plan.xls", "is an Excel 97-2003 workbook (.xls): save it as an Excel workbook"),
        ("plan.ods", "is not an Excel workbook: save it as .xlsx"),
        ("plan.numbers", "is not an Excel workbook: save it as .xlsx"),
        ("plan.txt", "planpress imports an Excel workbook (.xlsx) or a CSV file"),
    ],
)
def test_another_kind_of_file_is_refused(tmp_path: Path, name: str, message: str) -> None:
    path = tmp_path / name
    path.write_text("something")
    assert message in refused(path)


def test_a_file_that_is_missing_empty_too_large_or_not_a_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert refused(tmp_path / "missing.xlsx") == "missing.xlsx: no such file"
    (tmp_path / "empty.csv").write_text("")
    assert refused(tmp_path / "empty.csv") == "empty.csv is empty"
    (tmp_path / "folder.xlsx").mkdir()
    assert "is not an ordinary file" in refused(tmp_path / "folder.xlsx")
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 4)
    (tmp_path / "large.csv").write_text("id\r\nSKL-01\r\n")
    assert re.fullmatch(
        r"large\.csv is too large: 0 MB \(at most 0 MB\)", refused(tmp_path / "large.csv")
    )
