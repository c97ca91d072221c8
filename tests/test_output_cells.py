"""Outputs that cannot attack their reader: CSV cells that a spreadsheet would run as a formula
start with Excel's text mark `'` (which the importer takes off again), .xlsx cells are string
cells (text as it is), and the importer reads both back as the same text."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from graph_service.analyses.rendering import to_csv
from graph_service.db.runner import Runner
from graph_service.roster.exporter import export_roster, read_tables, xlsx_bytes
from graph_service.roster.importer import import_roster
from graph_service.roster.values import neutralised, restored

# (a leading tab or CR is neutralised too, see the first test, but an import trims whitespace
# around a cell as a person would mean it, so the graph never holds one to export)
HOSTILE = ['=HYPERLINK("http://x","y")', "+86 138", "-2+3", "@SUM(A1)", "'=1", "'x"]


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+86 138", "'+86 138"),
        ("-x", "'-x"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'x", "''x"),
        ("'=1", "''=1"),
        ("衢州", "衢州"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_a_cell_is_neutralised_and_restored_to_the_same_text(text: str, written: str) -> None:
    assert neutralised(text) == written
    assert restored(written) == text


def test_a_hand_typed_apostrophe_before_plain_text_is_kept() -> None:
    assert restored("'x") == "'x" and restored("'") == "'"


def test_analysis_csv_neutralises_text_but_not_numbers() -> None:
    text = to_csv(["name", "load"], [{"name": "=cmd|' /C calc'!A0", "load": -3}])
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows == [["name", "load"], ["'=cmd|' /C calc'!A0", "-3"]]


def test_roster_exports_carry_hostile_text_safely_and_read_back_the_same(
    empty_db: Runner, tmp_path: Path
) -> None:
    roster = tmp_path / "roster"
    roster.mkdir()
    (roster / "cities.csv").write_text("id,name\nCT01,衢州市\n", encoding="utf-8")
    with (roster / "districts.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "city_id"])
        for number, name in enumerate(HOSTILE):
            writer.writerow([f"DS{number:02d}", neutralised(name), "CT01"])
    import_roster(empty_db, roster)
    names = {r["id"]: r["name"] for r in read_tables(empty_db).rows("districts")}
    assert sorted(names.values()) == sorted(HOSTILE)  # stored as the text, without the mark

    folder = tmp_path / "export"
    export_roster(empty_db, folder)
    with (folder / "districts.csv").open(encoding="utf-8", newline="") as handle:
        exported = {row["id"]: row["name"] for row in csv.DictReader(handle)}
    assert all(exported[i] == "'" + names[i] for i in names)  # every one starts with a risk
    assert import_roster(empty_db, folder).status == "unchanged"

    book = xlsx_bytes(read_tables(empty_db))
    sheet = load_workbook(io.BytesIO(book), read_only=True, data_only=False)["districts"]
    cells = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert {c.data_type for c in cells} == {"s"}  # string cells, never formulas
    assert sorted(str(c.value) for c in cells) == sorted(HOSTILE)
    workbook = tmp_path / "roster.xlsx"
    workbook.write_bytes(book)
    assert import_roster(empty_db, workbook).status == "unchanged"
