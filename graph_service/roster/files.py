"""Reading and writing roster files: a folder of CSV files, a .zip of them, or an .xlsx workbook.

This module knows files, not meaning: it turns each CSV file or sheet into a `RawTable` of text
cells (with the row numbers a person sees in Excel: the header is row 1), and writes rows back.
What the cells mean is checked in `graph_service.roster.validation`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any
from xml.etree import ElementTree

from graph_service.roster.archives import (
    Limits,
    RowBudget,
    UnsafeArchive,
    member_name,
    open_zip,
    unsafe_name,
)
from graph_service.roster.dictionary import TABLES, chinese_header, table_columns
from graph_service.roster.values import FORMULA_START, neutralised, restored


@dataclass
class RawTable:
    """One table as found: its name (file stem or sheet), where it came from, header and cells."""

    name: str
    source: str
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (row number, cells)
    # what a file format hides in a cell: (row, column header, code, message)
    problems: list[tuple[int, str, str, str]] = field(default_factory=list)


@dataclass
class RawRoster:
    tables: list[RawTable] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (source, why)


def _text(value: Any) -> str:
    """A spreadsheet cell as the text a person would have typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def decode_text(data: bytes) -> str | None:
    """CSV bytes as text: UTF-8 (with or without BOM), else GB18030 (what Excel on a Chinese
    Windows saves), or None. Nearly any bytes decode as GB18030, so text in another encoding
    (Windows-1252: `Müller` reads as `M黮ler`) is told apart by its characters: real Chinese
    text is almost all in GB2312's common set, another encoding's accents almost never are:
    refused when most of its distinct non-ASCII characters (and at least two) fall outside."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    wide = [c for c in set(text) if not c.isascii()]
    rare = sum(1 for c in wide if not _in_gb2312(c))  # a name may hold a rare character or two
    return None if rare >= 2 and rare > len(wide) / 2 else text


def _in_gb2312(character: str) -> bool:
    try:
        character.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _csv_table(name: str, source: str, data: bytes, budget: RowBudget) -> RawTable | str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "is UTF-16 text: save it as CSV UTF-8 (Excel: Save As, CSV UTF-8)"
    text = decode_text(data)
    if text is None:
        return (
            "is neither UTF-8 nor GB18030 text (perhaps Windows-1252 or another code page): "
            "save it as CSV UTF-8 (Excel: Save As, CSV UTF-8)"
        )
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            return "is empty: it needs at least a header row"
        table = RawTable(name, source, [h.strip() for h in header])
        for number, cells in enumerate(reader, start=2):
            if not budget.take():
                return budget.refusal()
            if any(cell.strip() for cell in cells):
                table.rows.append((number, [restored(cell.strip()) for cell in cells]))
    except csv.Error as error:
        return f"is not valid CSV ({error})"
    return table


def read_roster(path: Path, limits: Limits | None = None) -> RawRoster:
    """Read a folder of CSV files, a .zip of CSV files or an .xlsx workbook.

    Files that are not .csv (e.g. `planted.json`, a README) are ignored. Archives are checked
    against `limits` before anything in them is decompressed.
    """
    path = Path(path)
    roster = RawRoster()
    budget = RowBudget(limits or Limits())
    if path.is_dir():
        for file in sorted(path.glob("*.csv")):
            _add(roster, file.stem, file.name, file.read_bytes(), budget)
    elif path.suffix.lower() in (".zip", ".xlsx") and path.is_file():
        with path.open("rb") as source:
            read = read_zip if path.suffix.lower() == ".zip" else read_xlsx
            return read(source, limits or Limits())
    elif path.suffix.lower() == ".csv" and path.is_file():
        _add(roster, path.stem, path.name, path.read_bytes(), budget)
    elif not path.exists():
        roster.unreadable.append((str(path), "does not exist"))
    else:
        roster.unreadable.append((path.name, "is not a folder, a .zip, an .xlsx or a .csv"))
    return roster


def _add(roster: RawRoster, name: str, source: str, data: bytes, budget: RowBudget) -> None:
    if budget.left < 0:
        return  # already refused: reading more would only cost memory
    table = _csv_table(name, source, data, budget)
    if isinstance(table, str):
        roster.unreadable.append((source, table))
    else:
        roster.tables.append(table)


def read_zip(source: IO[bytes], limits: Limits) -> RawRoster:
    """A .zip of CSV files (in its root or in one folder), from a seekable binary file. Entry
    names only name tables: an absolute or climbing name is refused, never followed."""
    roster = RawRoster()
    try:
        archive = open_zip(source, limits)
    except UnsafeArchive as why:
        roster.unreadable.append(("upload", str(why)))
        return roster
    budget = RowBudget(limits)
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            name = member_name(info)
            unsafe = unsafe_name(name)
            if unsafe:
                roster.unreadable.append((name, f"{unsafe}: a roster .zip holds plain CSV files"))
                continue
            member = PurePosixPath(name.replace("\\", "/"))
            if info.is_dir() or member.suffix.lower() != ".csv" or member.name.startswith("."):
                continue
            if "__MACOSX" in member.parts:
                continue
            _add(roster, member.stem, name, archive.read(info), budget)
    return roster


def read_xlsx(source: IO[bytes], limits: Limits) -> RawRoster:
    """An .xlsx workbook, one sheet per table (sheet name = table name, English or Chinese),
    from a seekable binary file. Formula cells and merged cells are reported (a roster holds
    values, one per cell), never read as empty."""
    from openpyxl import load_workbook

    roster = RawRoster()
    try:
        open_zip(source, limits).close()
        source.seek(0)
        workbook = load_workbook(source, read_only=True, data_only=False)
    except UnsafeArchive as why:
        roster.unreadable.append(("upload", str(why)))
        return roster
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        roster.unreadable.append(("upload", f"is not a readable .xlsx workbook ({error})"))
        return roster
    budget = RowBudget(limits)
    with zipfile.ZipFile(source) as archive:
        for sheet in workbook.worksheets:
            table = _sheet_table(sheet, budget)
            if isinstance(table, str):
                roster.unreadable.append((f"sheet {sheet.title}", table))
                break
            if table is None:
                roster.unreadable.append(
                    (f"sheet {sheet.title}", "is empty: it needs a header row")
                )
                continue
            for cells in _merged_ranges(archive, getattr(sheet, "_worksheet_path", "")):
                first = _first_cell(cells)
                table.problems.append(
                    (
                        first[0],
                        _header_at(table, first[1]),
                        "merged_cells",
                        f"cells {cells} are merged: unmerge them and write the value in every row",
                    )
                )
            roster.tables.append(table)
    workbook.close()
    return roster


def _sheet_table(sheet: Any, budget: RowBudget) -> RawTable | str | None:
    rows = sheet.iter_rows()
    header_cells = next(rows, None)
    if header_cells is None:
        return None
    table = RawTable(sheet.title, f"sheet {sheet.title}", [_text(c.value) for c in header_cells])
    while table.header and not table.header[-1]:
        table.header.pop()
    for number, row in enumerate(rows, start=2):
        if not budget.take():
            return budget.refusal()
        cells = []
        for index, cell in enumerate(row):
            if getattr(cell, "data_type", None) == "f":  # kept as its text; the error blocks it
                table.problems.append((number, _header_at(table, index), "formula",
                    f"holds a formula ({str(cell.value)[:60]}): paste it as a value "
                    "(Paste Special, Values) and import again"))  # fmt: skip
            cells.append(_text(cell.value))  # a string cell is text already: nothing to restore
        if any(cells):
            table.rows.append((number, cells))
    return table


def _header_at(table: RawTable, index: int) -> str:
    return table.header[index] if index < len(table.header) else f"column {index + 1}"


def _merged_ranges(archive: zipfile.ZipFile, sheet_path: str) -> Iterator[str]:
    """The `A2:A5` ranges a sheet merges, read as a stream from its XML (they come last)."""
    if sheet_path.lstrip("/") not in archive.namelist():
        return
    with archive.open(sheet_path.lstrip("/")) as xml:
        for _, element in ElementTree.iterparse(xml):
            if element.tag.endswith("}mergeCell") and element.get("ref"):
                yield str(element.get("ref"))
            element.clear()


def _first_cell(cells: str) -> tuple[int, int]:
    """(row, column index) of the first cell of a range like `C2:C5`."""
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    letters, row = coordinate_from_string(cells.split(":")[0])
    return row, column_index_from_string(letters) - 1


def safe_cell(value: Any) -> str:
    """`cell`, and text that a spreadsheet would run as a formula `neutralised` (numbers,
    dates and booleans are never text that could: a negative number stays a number)."""
    text = cell(value)
    return neutralised(text) if isinstance(value, str) else text


def cell(value: Any) -> str:
    """A typed value as roster text: lists joined by `;`, booleans as true/false, ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    if hasattr(value, "iso_format"):  # neo4j.time.Date
        return str(value.iso_format())
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class CsvRosterWriter:
    """Writes a roster folder table by table, streaming rows (one open file per table)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._files: dict[str, tuple[IO[str], Any, list[str]]] = {}
        self.counts: dict[str, int] = {}

    def _writer(self, table: str) -> tuple[Any, list[str]]:
        if table not in self._files:
            columns = table_columns(TABLES[table])
            handle = (self.folder / f"{table}.csv").open("w", encoding="utf-8", newline="")
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            self._files[table] = (handle, writer, columns)
            self.counts[table] = 0
        _, writer, columns = self._files[table]
        return writer, columns

    def write(self, table: str, row: Mapping[str, Any]) -> None:
        writer, columns = self._writer(table)
        writer.writerow([safe_cell(row.get(c)) for c in columns])
        self.counts[table] += 1

    def write_all(self, table: str, rows: Iterable[Mapping[str, Any]]) -> None:
        self._writer(table)
        for row in rows:
            self.write(table, row)

    def close(self) -> None:
        for table in TABLES:  # every table gets a file, if only its header
            self._writer(table)
        for handle, _, _ in self._files.values():
            handle.close()

    def __enter__(self) -> CsvRosterWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_templates(folder: Path, *, chinese: bool = False) -> None:
    """Header-only CSV files, one per table: the blank roster an office fills in (with
    `chinese`, Chinese file names and headers, which the importer accepts alike)."""
    if not chinese:
        with CsvRosterWriter(folder):
            pass
        return
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for table in TABLES.values():
        header = [chinese_header(table, c) for c in table_columns(table)]
        with (folder / f"{table.zh}.csv").open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerow(header)


def zip_folder(folder: Path) -> bytes:
    """The CSV files of a roster folder as one .zip (what `GET /api/v1/exports` sends)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(Path(folder).iterdir()):
            if file.is_file():
                archive.write(file, file.name)
    return buffer.getvalue()


def write_xlsx(tables: Mapping[str, Iterable[Mapping[str, Any]]], target: IO[bytes]) -> None:
    """An .xlsx workbook with one sheet per table (English headers). Every cell is written as
    a string cell, so text like `=1+1` stays text (openpyxl would otherwise write a formula)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    for name in TABLES:
        sheet = workbook.create_sheet(name)
        columns = table_columns(TABLES[name])
        sheet.append(columns)
        for row in tables.get(name, ()):
            cells = []
            for column in columns:
                text = cell(row.get(column))
                if text.startswith(FORMULA_START):
                    typed = WriteOnlyCell(sheet, value=text)
                    typed.data_type = "s"
                    cells.append(typed)
                else:
                    cells.append(text or None)
            sheet.append(cells)
    workbook.save(target)


def iter_rows(raw: RawTable) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a raw table as {header: text} (headers as written)."""
    for number, cells in raw.rows:
        yield number, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(raw.header)}
