"""A first load into an empty database commits one batch at a time and is still all or nothing:
a failure part-way (from Neo4j or from the caller) removes everything written."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import other_client

from graph_service.db.runner import Runner
from graph_service.errors import ImportFailed
from graph_service.history import HISTORY_LABELS
from graph_service.roster import sync
from graph_service.roster.importer import import_roster


@pytest.fixture
def roster(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """1 city and 3 districts linked to it: 7 rows, written 2 per batch (4 batches)."""
    monkeypatch.setattr(sync, "BATCH", 2)
    (tmp_path / "cities.csv").write_text("id,name\nCT01,衢州市\n", encoding="utf-8")
    (tmp_path / "districts.csv").write_text(
        "id,name,city_id\nDS01,柯城区,CT01\nDS02,衢江区,CT01\nDS03,龙游县,CT01\n",
        encoding="utf-8",
    )
    return tmp_path


def counts(runner: Runner) -> dict[str, int]:
    """The network's nodes and relationships (the history kept beside it is not counted)."""
    nodes = [r for r in runner.run("stats/node-counts") if r["label"] not in HISTORY_LABELS]
    rels = runner.run("stats/relationship-counts")
    return {
        "nodes": sum(r["count"] for r in nodes),
        "relationships": sum(r["count"] for r in rels),
    }


def test_first_load_commits_batch_by_batch_and_reports_progress(
    empty_db: Runner, roster: Path
) -> None:
    seen: list[tuple[int, int]] = []
    report = import_roster(
        empty_db, roster, progress=lambda done, total: seen.append((done, total))
    )
    assert report.status == "imported"
    assert report.tables["districts"].added == 3
    # 1 city, 2 + 1 districts, 2 + 1 links: one call per committed batch, the last one complete
    assert seen == [(1, 7), (3, 7), (4, 7), (6, 7), (7, 7)]
    assert counts(empty_db) == {"nodes": 4, "relationships": 3}
    assert report.snapshot is not None and report.snapshot.id == 1
    assert import_roster(empty_db, roster, progress=seen.append).status == "unchanged"
    assert len(seen) == 5  # not a first load any more: one transaction, no progress calls


def test_an_interrupted_first_load_removes_what_it_wrote(empty_db: Runner, roster: Path) -> None:
    def power_cut(done: int, total: int) -> None:
        if done >= 3:
            raise RuntimeError("power cut")

    with pytest.raises(ImportFailed) as failure:
        import_roster(empty_db, roster, progress=power_cut)
    error = failure.value
    assert "after writing 3 of 7 rows" in error.detail and "power cut" in error.detail
    assert "the database is empty as before" in error.detail
    assert error.extra == {"rows_written": 3, "rows_total": 7, "database": "empty"}
    assert error.status == 500
    assert counts(empty_db) == {"nodes": 0, "relationships": 0}
    assert empty_db.run("stats/is-empty")[0]["empty"]  # no history left behind either
    assert import_roster(empty_db, roster).status == "imported"  # and it loads afterwards
    assert counts(empty_db) == {"nodes": 4, "relationships": 3}


def test_a_batch_neo4j_refuses_undoes_the_first_load(empty_db: Runner, roster: Path) -> None:
    """Another writer creates district DS03 while the load runs: Neo4j refuses the batch that
    creates it again (uniqueness constraint), and the load removes everything it wrote."""

    def interloper(done: int, total: int) -> None:
        if done == 1:
            other_client(empty_db, "CREATE (:District {id: 'DS03', name: '龙游县'})")

    with pytest.raises(ImportFailed) as failure:
        import_roster(empty_db, roster, progress=interloper)
    assert "after writing 3 of 7 rows" in failure.value.detail
    assert "DS03" in failure.value.detail  # Neo4j's own message names the clashing node
    assert counts(empty_db) == {"nodes": 0, "relationships": 0}
