"""`make run`'s first-start load (only into an empty database) and `GET /api/v1/stats`."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from graph_service.db.runner import Runner
from graph_service.roster.importer import import_roster
from graph_service.sample.load import load_sample_if_empty


def test_stats_count_nodes_per_label_and_relationships_per_type(
    empty_db: Runner, client: TestClient, tmp_path: Path
) -> None:
    (tmp_path / "cities.csv").write_text("id,name\nCT01,衢州市\n", encoding="utf-8")
    (tmp_path / "districts.csv").write_text(
        "id,name,city_id\nDS01,柯城区,CT01\nDS02,衢江区,CT01\n", encoding="utf-8"
    )
    import_roster(empty_db, tmp_path)
    body = client.get("/api/v1/stats").json()
    assert body["nodes"] == {"City": 1, "District": 2}
    assert body["relationships"] == {"PART_OF": 2}
    assert body["history"]["Snapshot"] == 1  # the import, kept apart from the network


def test_sample_loads_into_an_empty_database_only(empty_db: Runner, tmp_path: Path) -> None:
    loaded = load_sample_if_empty(empty_db, tmp_path / "sample", months=1)
    assert loaded is not None and len(loaded) == 1
    first = loaded[0]
    assert first.status == "imported"
    assert first.tables["stairwells"].added == 1_109  # the source's figure, docs/programme.md
    assert load_sample_if_empty(empty_db, tmp_path / "again") is None
    assert not (tmp_path / "again").exists()  # nothing generated when data is there
