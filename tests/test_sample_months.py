"""The sample with a past (`graph-service generate --months N`): every month keeps the
programme's figures (docs/programme.md), and the history found after importing the months
equals the changes the generator says it made (months.json): two independent accounts."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph_service.db.runner import Runner
from graph_service.sample.load import load_sample_if_empty
from graph_service.sample.months import generate_months

END = dt.date(2026, 11, 30)


def _rows(folder: Path, table: str) -> list[dict[str, str]]:
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def months(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("months")
    return folder, generate_months(folder, 3, end=END)


def test_every_month_keeps_the_programmes_figures(months: tuple[Path, dict[str, Any]]) -> None:
    folder, manifest = months
    assert manifest["months"] == ["2026-09-30", "2026-10-31", "2026-11-30"]
    kinds = {change["kind"] for change in manifest["changes"]}
    assert kinds == {
        "moved", "handed_over", "gap_opened", "gap_fixed", "joined", "leader_appointed",
        "leader_lapsed", "partnership_started", "partnership_lapsed",
    }  # fmt: skip
    for day in manifest["months"]:
        month = folder / day
        assert len(_rows(month, "communities")) == 8
        assert sum(g["kind"] == "residential" for g in _rows(month, "grids")) == 45
        assert len(_rows(month, "stairwells")) == 1_109
        assert len(_rows(month, "households")) == 18_240
        assert len(_rows(month, "departments")) == 17
        assert len(_rows(month, "community_leaders")) == 63
        assert len({r["person_id"] for r in _rows(month, "grid_leaders")}) == 63
        assert len({r["person_id"] for r in _rows(month, "stairwell_liaisons")}) >= 1_000


def _expected(changes: list[dict[str, str]]) -> set[tuple[str | None, ...]]:
    """What a diff must list for these changes, worked out from months.json alone."""
    found: set[tuple[str | None, ...]] = set()
    for c in changes:
        kind, stairwell = c["kind"], c.get("stairwell")
        if kind in ("moved", "handed_over"):
            found.add(("reassigned", "LIAISES_WITH", stairwell, c["from"], c["to"]))
        if kind in ("handed_over", "gap_opened"):
            found.add(("removed", "Person", c["from"]))
        if kind == "gap_opened":
            found.add(("removed", "LIAISES_WITH", stairwell, c["from"], None))
        if kind in ("gap_fixed", "joined"):
            found.add(("added", "LIAISES_WITH", stairwell, None, c["to"]))
        if kind == "joined":
            found.add(("added", "Person", c["to"]))
        if kind == "leader_appointed":
            found.add(("added", "LEADS_GRID", c["grid"], None, c["to"]))
        if kind == "leader_lapsed":
            found.add(("removed", "LEADS_GRID", c["grid"], c["from"], None))
        if kind == "partnership_started":
            found.add(("added", "CO_BUILDS", c["community"], None, c["unit"]))
        if kind == "partnership_lapsed":
            found.add(("removed", "CO_BUILDS", c["community"], c["unit"], None))
    return found


def _found(diff: dict[str, Any]) -> set[tuple[str | None, ...]]:
    found: set[tuple[str | None, ...]] = {
        (e["change"], e["label"], e["id"]) for e in diff["entities"]
    }
    for link in diff["links"]:
        before = link["from_source"] if link["change"] == "reassigned" else link["source"]
        after = link["to_source"] if link["change"] == "reassigned" else link["source"]
        found.add(
            (
                link["change"],
                link["type"],
                link["target"],
                before if link["change"] != "added" else None,
                after if link["change"] != "removed" else None,
            )
        )
    return found


def test_loading_the_months_finds_exactly_the_changes_made(
    empty_db: Runner, client: TestClient, tmp_path: Path
) -> None:
    reports = load_sample_if_empty(empty_db, tmp_path / "sample", months=3)
    assert reports is not None
    manifest = json.loads((tmp_path / "sample" / "months.json").read_text(encoding="utf-8"))
    assert [r.snapshot.as_of for r in reports if r.snapshot] == manifest["months"]
    for index, day in enumerate(manifest["months"][1:], start=2):
        answer = client.get("/api/v1/diff", params={"from": index - 1, "to": index})
        changes = [c for c in manifest["changes"] if c["month"] == day]
        assert _found(answer.json()) == _expected(changes), day
    # a gap fixed in a month closed its ledger case in that month's snapshot
    fixed = next(c for c in manifest["changes"] if c["kind"] == "gap_fixed")
    cases = client.get(
        "/api/v1/ledger/cases", params={"rule": "uncovered_stairwell", "limit": 500}
    ).json()["cases"]
    closing = {c["entity"]: c["closed_on"] for c in cases if c["status"] == "rectified"}
    assert closing[f"Stairwell:{fixed['stairwell']}"] == fixed["month"]
