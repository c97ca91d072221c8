"""The data dictionary is consistent, and the templates in the repo match it."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from graph_service.roster.dictionary import (
    NODE_TABLES,
    REL_TABLES,
    TABLES,
    header_map,
    table_by_name,
    table_columns,
)
from graph_service.roster.files import read_roster

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def test_every_table_has_unique_english_and_chinese_names() -> None:
    assert len(TABLES) == len(NODE_TABLES) + len(REL_TABLES)
    assert not [n for n, c in Counter(t.zh for t in TABLES.values()).items() if c > 1]


def test_no_header_means_two_columns() -> None:
    for table in TABLES.values():
        columns = table_columns(table)
        mapped = header_map(table)
        assert set(mapped.values()) == set(columns), table.table
        for column in columns:
            assert mapped[column.lower()] == column


def test_templates_have_one_file_per_table_with_the_dictionary_headers() -> None:
    folder = SAMPLES / "templates"
    assert sorted(p.stem for p in folder.glob("*.csv")) == sorted(TABLES)
    for name, table in TABLES.items():
        with (folder / f"{name}.csv").open(encoding="utf-8") as handle:
            assert list(csv.reader(handle)) == [table_columns(table)]


def test_chinese_templates_read_back_as_the_tables() -> None:
    folder = SAMPLES / "templates-zh"
    raw = read_roster(folder)
    assert sorted(table_by_name(t.name).table for t in raw.tables) == sorted(TABLES)  # type: ignore[union-attr]
    for raw_table in raw.tables:
        table = table_by_name(raw_table.name)
        assert table is not None
        mapping = header_map(table)
        assert [mapping[h.lower()] for h in raw_table.header] == table_columns(table)
