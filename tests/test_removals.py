"""Deletes are explicit: emptying a table or removing much of it needs allow_removals, and a
row that tables left out of the roster still refer to is never removed silently."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph_service.db.runner import Runner
from graph_service.errors import InvalidRoster
from graph_service.roster.importer import import_roster


def write(folder: Path, **tables: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in tables.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def districts(*ids: str) -> str:
    return "id,name,city_id\n" + "".join(f"{i},区{i},CT01\n" for i in ids)


def ids(db: Runner, label: str) -> set[str]:
    return set(db.run("roster/read-ids", tokens={"label": label})[0]["ids"])


@pytest.fixture
def thirty(empty_db: Runner, tmp_path: Path) -> Runner:
    """A city with 30 districts and one street in DS01."""
    every = [f"DS{i:02d}" for i in range(1, 31)]
    write(tmp_path / "base", cities="id,name\nCT01,衢州市\n", districts=districts(*every),
          streets="id,name,district_id\nST01,衢化街道,DS01\n")  # fmt: skip
    import_roster(empty_db, tmp_path / "base")
    return empty_db


def test_emptying_a_table_needs_allow_removals(
    thirty: Runner, client: TestClient, tmp_path: Path
) -> None:
    blank = write(tmp_path / "blank", districts="id,name,city_id\n",
                  streets="id,name,district_id\n")  # fmt: skip
    with pytest.raises(InvalidRoster) as refused:
        import_roster(thirty, blank)
    codes = {p["table"]: p["code"] for p in refused.value.extra["problems"]}
    assert codes == {"districts": "large_removal", "streets": "large_removal"}
    assert "empties the table" in refused.value.extra["text"]
    assert len(ids(thirty, "District")) == 30
    report = import_roster(thirty, blank, allow_removals=True)
    assert report.tables["districts"].removed == 30 and not ids(thirty, "District")


def test_removing_a_fifth_of_a_table_needs_allow_removals_and_the_dry_run_says_so(
    thirty: Runner, importer_client: TestClient, tmp_path: Path
) -> None:
    client = importer_client
    kept = [f"DS{i:02d}" for i in range(1, 24)]  # 7 of 30 go: 23%
    roster = write(tmp_path / "less", districts=districts(*kept))
    upload = {"file": ("less.zip", _zip(roster))}
    dry = client.post("/api/v1/imports?dry_run=true", files=upload)
    assert dry.status_code == 422
    [problem] = dry.json()["problems"]
    assert problem["code"] == "large_removal" and "removes 7 of the 30 rows" in problem["message"]
    assert "DS24, DS25" in problem["message"]  # what would go
    assert client.post("/api/v1/imports", files=upload).status_code == 422
    assert len(ids(thirty, "District")) == 30
    allowed = client.post("/api/v1/imports?allow_removals=true", files=upload)
    assert allowed.status_code == 200 and allowed.json()["tables"]["districts"]["removed"] == 7
    few = write(tmp_path / "few", districts=districts(*kept[:-5]))  # 5 rows: a correction
    assert import_roster(thirty, few).tables["districts"].removed == 5


def test_a_row_another_table_still_refers_to_is_not_removed_silently(
    thirty: Runner, tmp_path: Path
) -> None:
    """DS01 renamed DS31 in districts.csv alone: street ST01 (streets.csv, not sent) is still
    PART_OF DS01, so the import is refused naming it, and nothing changes."""
    renamed = [f"DS{i:02d}" for i in range(2, 32)]
    with pytest.raises(InvalidRoster) as refused:
        import_roster(thirty, write(tmp_path / "renamed", districts=districts(*renamed)),
                      allow_removals=True)  # fmt: skip
    [problem] = refused.value.extra["problems"]
    assert problem["code"] == "still_referred_to"
    assert "District DS01 would be removed" in problem["message"]
    assert "streets Street ST01 (PART_OF)" in problem["message"]
    assert "DS01" in ids(thirty, "District") and "DS31" not in ids(thirty, "District")
    both = write(tmp_path / "both", districts=districts(*renamed),
                 streets="id,name,district_id\nST01,衢化街道,DS31\n")  # fmt: skip
    assert import_roster(thirty, both).status == "imported"
    assert "DS01" not in ids(thirty, "District")


def _zip(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for file in sorted(folder.glob("*.csv")):
            archive.write(file, file.name)
    return buffer.getvalue()
