"""Malformed rosters are refused with the precise problem, and the database stays as it was.

Each case copies the sample roster, breaks one thing by hand, and expects exactly one error:
its code, table, row (as Excel numbers it: header = 1) and column. To keep the cases quick the
roster sent holds only the files the case changed (a partial roster: references to the other
tables are checked against the graph, which holds the sample), except where noted. The
database holds the sample network throughout: its counts per label and type are compared around
every case, and a fingerprint of its whole content (every table's rows, hashed) before the
first and after the last (reading every row takes seconds, too long to repeat for each case).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from roster_files import Rows, column, copy_roster, edit, read_csv, set_cell, write_csv

from graph_service.api.stats import graph_stats
from graph_service.db.runner import Runner
from graph_service.errors import InvalidRoster
from graph_service.roster.exporter import read_tables
from graph_service.roster.importer import import_roster

pytestmark = pytest.mark.sample


def fingerprint(db: Runner) -> str:
    """Counts per label and type, and a hash of every table's rows."""
    tables = read_tables(db)
    content = {name: sorted(map(str, tables.rows(name))) for name in sorted(tables.present)}
    digest = hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()
    return f"{graph_stats(db).model_dump_json()} {digest}"


_first_fingerprint: list[str] = []


def append_copy(table: str, row: int, **changes: str) -> Callable[[Path], None]:
    def breaker(folder: Path) -> None:
        def change(rows: Rows) -> None:
            copy = list(rows[row - 1])
            for name, value in changes.items():
                copy[rows[0].index(name)] = value
            rows.append(copy)

        edit(folder, table, change)

    return breaker


def cell(table: str, row: int, name: str, value: str) -> Callable[[Path], None]:
    return lambda folder: set_cell(folder, table, row, name, value)


def rename_header(table: str, old: str, new: str) -> Callable[[Path], None]:
    def breaker(folder: Path) -> None:
        edit(folder, table, lambda rows: rows[0].__setitem__(rows[0].index(old), new))

    return breaker


def drop_column(table: str, name: str) -> Callable[[Path], None]:
    def breaker(folder: Path) -> None:
        def change(rows: Rows) -> None:
            index = rows[0].index(name)
            for r in rows:
                del r[index]

        edit(folder, table, change)

    return breaker


def add_column(table: str, header: str) -> Callable[[Path], None]:
    def breaker(folder: Path) -> None:
        edit(folder, table, lambda rows: [r.append("x") for r in rows])
        set_cell(folder, table, 1, "x", header)

    return breaker


def unpaired_household_row(folder: Path) -> int:
    """A household row no other table refers to (so emptying its id breaks nothing else)."""
    paired = set(column(folder, "unit_households", "household_id"))
    ids = column(folder, "households", "id")
    return next(i for i, h in enumerate(ids, start=2) if h not in paired)


def empty_household_id(folder: Path) -> None:
    set_cell(folder, "households", unpaired_household_row(folder), "id", "")


def unit_cycle(folder: Path) -> None:
    ids = column(folder, "units", "id")
    set_cell(folder, "units", ids.index("U01") + 2, "parent_unit_id", "U02")


def unknown_table(folder: Path) -> None:
    write_csv(folder / "cadres.csv", [["id", "name"], ["X1", "某某"]])


def two_files_one_table(folder: Path) -> None:
    write_csv(folder / "社区.csv", read_csv(folder / "communities.csv"))


def not_text(folder: Path) -> None:
    (folder / "modules.csv").write_bytes(b"id,name\n\xff\xfe\xff,\x80\x80\n")


def demand_resolved_before_raised(folder: Path) -> None:
    rows = read_csv(folder / "demands.csv")
    row = next(i for i, r in enumerate(rows[1:], start=2) if r[rows[0].index("resolved_on")])
    set_cell(folder, "demands", row, "resolved_on", "2018-01-01")


def liaising_twice(folder: Path) -> None:
    # the same member and stairwell again, in the other role: still one stairwell twice
    first = read_csv(folder / "stairwell_liaisons.csv")[1]
    role = "stairwell_head" if first[2] == "red_steward" else "red_steward"
    append_copy("stairwell_liaisons", 2, role=role)(folder)


# (breaker, code, table, row or None, column or None); row None = not row-specific or computed
CASES: dict[str, tuple[Callable[[Path], None], str, str, int | None, str | None]] = {
    "missing required column": (drop_column("grids", "kind"), "missing_column", "grids", 1, "kind"),
    "repeated column": (add_column("cities", "编号"), "duplicate_column", "cities", 1, "编号"),
    "not a whole number": (cell("households", 2, "residents", "three"), "bad_value",
                           "households", 2, "residents"),
    "not a boolean": (cell("households", 3, "app_activated", "maybe"), "bad_value",
                      "households", 3, "app_activated"),
    "impossible date": (cell("events", 4, "date", "2019-02-30"), "bad_value", "events", 4, "date"),
    "not an allowed value": (cell("grids", 5, "kind", "big"), "bad_value", "grids", 5, "kind"),
    "out of range": (cell("people", 6, "birth_year", "3020"), "bad_value", "people", 6,
                     "birth_year"),
    "empty id": (empty_household_id, "empty_key", "households", None, "id"),
    "empty required value": (cell("departments", 3, "name", ""), "empty_value", "departments", 3,
                             "name"),
    "empty required link": (cell("posts", 2, "module_id", ""), "empty_value", "posts", 2,
                            "module_id"),
    "duplicate id": (append_copy("stairwells", 2, name="又一个楼道"), "duplicate_id", "stairwells",
                     1_111, "id"),
    "unknown reference": (cell("stairwells", 7, "building_id", "B9999"), "unknown_reference",
                          "stairwells", 7, "building_id"),
    "unknown person in a relationship": (cell("attendances", 8, "person_id", "PS99999"),
                                         "unknown_reference", "attendances", 8, "person_id"),
    "hierarchy cycle": (unit_cycle, "cycle", "units", None, "parent_unit_id"),
    "liaising with a stairwell twice": (liaising_twice, "duplicate_row", "stairwell_liaisons",
                                        1_099, None),
    "wrong target label": (cell("wartime_assignments", 2, "target_type", "Household"),
                           "bad_value", "wartime_assignments", 2, "target_type"),
    "several ids where one is allowed": (cell("events", 9, "community_id", "CM01;CM02"),
                                         "bad_value", "events", 9, "community_id"),
    "resolved before raised": (demand_resolved_before_raised, "bad_value", "demands", None,
                               "resolved_on"),
    "unknown table": (unknown_table, "unknown_table", "cadres", None, None),
    "one table twice": (two_files_one_table, "duplicate_table", "社区", None, None),
    "not text": (not_text, "unreadable", None, None, None),  # type: ignore[dict-item]
}  # fmt: skip


KEEP = {"one table twice": ("communities",)}  # the other file of the same table


@pytest.mark.parametrize("case", sorted(CASES))
def test_malformed_roster_is_refused_and_nothing_written(
    case: str, sample_db: Runner, sample_roster: Path, tmp_path: Path
) -> None:
    breaker, code, table, row, column_name = CASES[case]
    folder = copy_roster(sample_roster, tmp_path / "roster")
    breaker(folder)
    for path in folder.glob("*.csv"):
        original = sample_roster / path.name
        unchanged = original.exists() and original.read_bytes() == path.read_bytes()
        if unchanged and path.stem not in KEEP.get(case, ()):
            path.unlink()
    if not _first_fingerprint:
        _first_fingerprint.append(fingerprint(sample_db))
    before = graph_stats(sample_db)
    with pytest.raises(InvalidRoster) as refused:
        import_roster(sample_db, folder)
    errors = [p for p in refused.value.extra["problems"] if p["severity"] == "error"]
    assert len(errors) == 1, errors
    [error] = errors
    assert error["code"] == code
    assert error["table"] == table
    if row is not None:
        assert error["row"] == row
    if column_name is not None:
        assert error["column"] == column_name
    assert error["message"] in refused.value.extra["text"]
    assert graph_stats(sample_db) == before


def test_every_problem_is_listed_not_only_the_first(
    sample_db: Runner, sample_roster: Path, tmp_path: Path
) -> None:
    folder = copy_roster(sample_roster, tmp_path / "roster")
    set_cell(folder, "households", 2, "residents", "three")
    set_cell(folder, "grids", 5, "kind", "big")
    set_cell(folder, "stairwells", 7, "building_id", "B9999")
    with pytest.raises(InvalidRoster) as refused:
        import_roster(sample_db, folder)
    found = {(p["table"], p["row"], p["column"]) for p in refused.value.extra["problems"]
             if p["severity"] == "error"}  # fmt: skip
    assert found == {
        ("households", 2, "residents"),
        ("grids", 5, "kind"),
        ("stairwells", 7, "building_id"),
    }
    assert (
        "households.csv, row 2, residents: 'three' is not a whole number"
        in (refused.value.extra["text"])
    )


def test_a_partial_roster_is_checked_against_the_graph(
    sample_db: Runner, sample_roster: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "partial"
    folder.mkdir()
    rows = read_csv(sample_roster / "stairwell_liaisons.csv")
    write_csv(folder / "stairwell_liaisons.csv", rows)
    assert import_roster(sample_db, folder, dry_run=True).tables["stairwell_liaisons"].updated == 0
    rows[2][0] = "PS99999"  # nobody in the graph
    write_csv(folder / "stairwell_liaisons.csv", rows)
    with pytest.raises(InvalidRoster) as refused:
        import_roster(sample_db, folder)
    [error] = refused.value.extra["problems"]
    assert (error["code"], error["row"], error["column"]) == ("unknown_reference", 3, "person_id")


def test_nothing_was_written_by_any_refused_roster(sample_db: Runner) -> None:
    """Runs after the cases above (file order): the content is still the sample's, row for row."""
    if not _first_fingerprint:
        pytest.skip("runs only after the malformed-roster cases of this file")
    assert fingerprint(sample_db) == _first_fingerprint[0]


def test_a_column_the_dictionary_does_not_know_is_dropped_and_reported(
    sample_roster: Path, tmp_path: Path
) -> None:
    from graph_service.roster.files import read_roster
    from graph_service.roster.validation import validate

    folder = copy_roster(sample_roster, tmp_path / "roster")
    edit(folder, "people", lambda rows: [r.append("330802199001011234") for r in rows])
    set_cell(folder, "people", 1, "330802199001011234", "身份证号")
    tables, problems = validate(read_roster(folder))
    assert [p.code for p in problems if p.severity == "error"] == []
    [dropped] = [p for p in problems if p.code == "dropped_column"]
    assert (dropped.severity, dropped.table, dropped.column) == ("warning", "people", "身份证号")
    people = list(tables.rows("people"))
    assert len(people) == len(read_csv(sample_roster / "people.csv")) - 1
    assert all("330802199001011234" not in map(str, row.values()) for row in people)
