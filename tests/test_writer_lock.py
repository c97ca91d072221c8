"""One writer at a time, held in the database; readers never see a half-written first load.

Each test builds its own small roster; the writer lock and the first-load marker are the
`:ServiceState` nodes of `graph_service.db.writer`."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph_service.db import writer
from graph_service.db.runner import Runner
from graph_service.errors import WriterBusy
from graph_service.roster import importer
from graph_service.roster.importer import import_roster

CITY = "id,name\nCT01,衢州市\n"


def districts(*ids: str) -> str:
    return "id,name,city_id\n" + "".join(f"{i},区{i},CT01\n" for i in ids)


def roster(folder: Path, *district_ids: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cities.csv").write_text(CITY, encoding="utf-8")
    (folder / "districts.csv").write_text(districts(*district_ids), encoding="utf-8")
    return folder


def zipped(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for file in sorted(folder.glob("*.csv")):
            archive.write(file, file.name)
    return buffer.getvalue()


def district_ids(db: Runner) -> set[str]:
    rows = db.run("roster/read-ids", tokens={"label": "District"})
    return set(rows[0]["ids"])


def test_a_second_writer_is_told_who_holds_the_graph_since_when(
    empty_db: Runner, client: TestClient, importer_client: TestClient, tmp_path: Path
) -> None:
    import_roster(empty_db, roster(tmp_path / "a", "DS01"))
    upload = zipped(roster(tmp_path / "b", "DS01", "DS02"))
    with writer.writer_lock(empty_db, "a test holding the graph"):
        answer = importer_client.post("/api/v1/imports", files={"file": ("b.zip", upload)})
        assert answer.status_code == 409
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.headers["retry-after"] == str(writer.RETRY_AFTER_S)
        problem = answer.json()
        assert problem["holder"] == f"a test holding the graph (process {os.getpid()} on " + (
            f"{os.uname().nodename})"
        )
        assert problem["since"][:4].isdigit() and problem["holder"] in problem["detail"]
        with pytest.raises(WriterBusy):  # the CLI and the sample loader go through here too
            import_roster(empty_db, roster(tmp_path / "c", "DS03"))
        moves = {"moves": [{"stairwell_key": "Stairwell:S1", "from_key": "Person:P1",
                            "to_key": "Person:P2"}]}  # fmt: skip
        assert client.post("/api/v1/plans/rebalance/apply", json=moves).status_code == 409
        cover = {"recall": ["city"], "assignments": [{"place_key": "Stairwell:S1",
                                                      "person_key": "Person:P2"}]}  # fmt: skip
        busy = client.post("/api/v1/drill/apply", json=cover)
        assert (busy.status_code, busy.headers["content-type"]) == (409, "application/problem+json")
    assert district_ids(empty_db) == {"DS01"}  # nothing of the refused writers got in
    imported = importer_client.post("/api/v1/imports", files={"file": ("b.zip", upload)})
    assert imported.status_code == 200
    assert district_ids(empty_db) == {"DS01", "DS02"}


def test_a_lock_whose_holder_died_or_went_quiet_is_taken_over(
    empty_db: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_roster(empty_db, roster(tmp_path / "a", "DS01"))
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()

    def held_by(host: str, pid: int) -> None:
        params = {"holder": "a crashed import", "host": host, "pid": pid, "token": "old"}
        empty_db.transaction(
            lambda tx: [tx.run(f"writer/{name}", params if name == "take-lock" else None)
                        for name in ("claim-lock", "take-lock")],
            write=True,
        )  # fmt: skip

    held_by(os.uname().nodename, dead.pid)  # a process on this host that no longer exists
    assert import_roster(empty_db, roster(tmp_path / "b", "DS01", "DS02")).status == "imported"
    held_by("another-host", 1)  # alive as far as we can tell, heartbeat fresh: busy
    with pytest.raises(WriterBusy, match="a crashed import"):
        import_roster(empty_db, roster(tmp_path / "c", "DS03"))
    monkeypatch.setattr(writer, "STALE_AFTER_S", 0.0)  # its heartbeat is now too old
    assert import_roster(empty_db, roster(tmp_path / "c", "DS03")).status == "imported"
    assert district_ids(empty_db) == {"DS03"}


def test_two_imports_at_once_leave_exactly_one_roster(
    empty_db: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both imports are made to reach the comparison together (each waits up to 2 s for the
    other there): without the lock both would read the same graph and write their additions,
    leaving a graph equal to neither roster."""
    import_roster(empty_db, roster(tmp_path / "base", "DS01"))
    meet = threading.Barrier(2, timeout=2)
    real_diff = importer.diff

    def diff_together(*args: Any) -> Any:
        with contextlib.suppress(threading.BrokenBarrierError):
            meet.wait()  # broken when the other import was refused before it got here
        return real_diff(*args)

    monkeypatch.setattr(importer, "diff", diff_together)
    wanted = {"a": {"DS01", "DS0A"}, "b": {"DS01", "DS0B"}}
    outcome: dict[str, str] = {}

    def run(name: str) -> None:
        try:
            folder = roster(tmp_path / name, *sorted(wanted[name]))
            outcome[name] = import_roster(empty_db, folder).status
        except WriterBusy:
            outcome[name] = "busy"

    threads = [threading.Thread(target=run, args=(name,)) for name in wanted]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcome.values()) == ["busy", "imported"]
    [winner] = [name for name, status in outcome.items() if status == "imported"]
    assert district_ids(empty_db) == wanted[winner]


def test_readers_are_answered_503_while_a_first_load_runs(
    empty_db: Runner, client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graph_service.roster import sync

    monkeypatch.setattr(sync, "BATCH", 1)  # one row per committed batch
    seen: list[tuple[int, str, str | None]] = []

    def read_during(done: int, total: int) -> None:
        for path in ("/api/v1/stats", "/api/v1/analyses/broken-chains", "/health"):
            answer = client.get(path)
            seen.append((answer.status_code, answer.headers["content-type"],
                         answer.headers.get("retry-after")))  # fmt: skip

    import_roster(empty_db, roster(tmp_path / "a", "DS01", "DS02"), progress=read_during)
    assert len(seen) == 3 * 5  # 1 city, 2 districts, 2 links: five batches, three reads each
    assert set(seen) == {(503, "application/problem+json", str(writer.RETRY_AFTER_S))}
    assert client.get("/api/v1/stats").json()["nodes"] == {"City": 1, "District": 2}
    dry = import_roster(empty_db, roster(tmp_path / "b", "DS01"), dry_run=True)
    assert dry.tables["districts"].removed == 1  # compared with the loaded graph again


def test_a_first_load_killed_half_way_is_reported_then_repaired(
    empty_db: Runner, client: TestClient, sample_roster: Path, settings: Any
) -> None:
    """kill -9 of a CLI import during a first load: every read answers 503 (the marker stays),
    a dry run compares with an empty graph, and the next import removes the partial graph and
    loads the whole roster."""
    env = {
        **os.environ,
        "NEO4J_URI": settings.neo4j_uri,
        "NEO4J_PASSWORD": settings.neo4j_password,
        "NEO4J_BOLT_PORT": str(settings.neo4j_bolt_port),
    }
    cli = Path(sys.executable).with_name("graph-service")
    load = subprocess.Popen(
        [str(cli), "import", str(sample_roster)], env=env, stderr=subprocess.PIPE, text=True
    )
    assert load.stderr is not None
    line = load.stderr.readline()  # the first committed batch
    assert line.startswith("first load: "), line
    load.kill()
    load.wait()
    load.stderr.close()
    answer = client.get("/api/v1/analyses/uncovered-stairwells")
    assert answer.status_code == 503 and "interrupted" in answer.json()["detail"]
    assert writer.first_load_pending(empty_db)
    dry = import_roster(empty_db, sample_roster, dry_run=True)
    households = dry.tables["households"].added
    assert households > 18_000 and dry.tables["households"].removed == 0
    report = import_roster(empty_db, sample_roster)  # the dead holder's lock is taken over
    assert report.tables["households"].added == households
    stats = client.get("/api/v1/stats").json()
    assert stats["nodes"]["Household"] == households
    assert not writer.first_load_pending(empty_db)
