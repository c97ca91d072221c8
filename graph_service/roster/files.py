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
from pathlib import Path
from typing import IO, Any

from graph_service.roster.dictionary import TABLES, chinese_header, table_columns

ENCODINGS = ("utf-8-sig", "gb18030")  # Excel on a Chinese Windows saves CSV as GBK/GB18030


@dataclass
class RawTable:
    """One table as found: its name (file stem or sheet), where it came from, header and cells."""

    name: str
    source: str
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (row number, cells)


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


def _csv_table(name: str, source: str, data: bytes) -> RawTable | str:
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return "is neither UTF-8 nor GB18030 text: save it as CSV UTF-8"
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            return "is empty: it needs at least a header row"
        table = RawTable(name, source, [h.strip() for h in header])
        for number, cells in enumerate(reader, start=2):
            if any(cell.strip() for cell in cells):
                table.rows.append((number, [cell.strip() for cell in cells]))
    except csv.Error as error:
        return f"is not valid CSV ({error})"
    return table


def read_roster(path: Path) -> RawRoster:
    """Read a folder of CSV files, a .zip of CSV files or an .xlsx workbook.

    Files that are not .csv (e.g. `planted.json`, a README) are ignored.
    """
    path = Path(path)
    roster = RawRoster()
    if path.is_dir():
        for file in sorted(path.glob("*.csv")):
            _add(roster, file.stem, file.name, file.read_bytes())
    elif path.suffix.lower() == ".zip":
        return read_zip(path.read_bytes())
    elif path.suffix.lower() == ".xlsx":
        return read_xlsx(path.read_bytes())
    elif path.suffix.lower() == ".csv":
        _add(roster, path.stem, path.name, path.read_bytes())
    else:
        roster.unreadable.append((path.name, "is not a folder, a .zip, an .xlsx or a .csv"))
    return roster


def _add(roster: RawRoster, name: str, source: str, data: bytes) -> None:
    table = _csv_table(name, source, data)
    if isinstance(table, str):
        roster.unreadable.append((source, table))
    else:
        roster.tables.append(table)


def read_zip(data: bytes) -> RawRoster:
    """A .zip of CSV files (in its root or in one folder)."""
    roster = RawRoster()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        roster.unreadable.append(("upload", "is not a valid .zip file"))
        return roster
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            member = Path(info.filename)
            if info.is_dir() or member.suffix.lower() != ".csv" or member.name.startswith("."):
                continue
            if "__MACOSX" in member.parts:
                continue
            _add(roster, member.stem, info.filename, archive.read(info))
    return roster


def read_xlsx(data: bytes) -> RawRoster:
    """An .xlsx workbook, one sheet per table (sheet name = table name, English or Chinese)."""
    from openpyxl import load_workbook

    roster = RawRoster()
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        roster.unreadable.append(("upload", f"is not a readable .xlsx workbook ({error})"))
        return roster
    for sheet in workbook.worksheets:
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            roster.unreadable.append((f"sheet {sheet.title}", "is empty: it needs a header row"))
            continue
        table = RawTable(sheet.title, f"sheet {sheet.title}", [_text(h) for h in header])
        while table.header and not table.header[-1]:
            table.header.pop()
        for number, values in enumerate(rows, start=2):
            cells = [_text(v) for v in values]
            if any(cells):
                table.rows.append((number, cells))
        roster.tables.append(table)
    workbook.close()
    return roster


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
        writer.writerow([cell(row.get(c)) for c in columns])
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
    """An .xlsx workbook with one sheet per table (English headers)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for name in TABLES:
        sheet = workbook.create_sheet(name)
        columns = table_columns(TABLES[name])
        sheet.append(columns)
        for row in tables.get(name, ()):
            sheet.append([cell(row.get(c)) or None for c in columns])
    workbook.save(target)


def iter_rows(raw: RawTable) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a raw table as {header: text} (headers as written)."""
    for number, cells in raw.rows:
        yield number, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(raw.header)}
