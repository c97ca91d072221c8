"""Smoke check of `make bench SCALE=street`: it runs to the end and prints its table.

It runs in quick mode on a street of 3,000 households (every section, fewer and shorter runs),
saved as benchmarks/results/quick.json, so a real street result is never replaced.

The figures are printed (run pytest with -s, or read benchmarks/results/quick.txt), never
asserted: timings on a shared 2-core machine say nothing a test should fail on. The benchmark
starts its own Neo4j and API on free ports, so it never touches the tests' server. It runs
beside the other tests from the session's start (tests/bench_smoke.py); this test, ordered
last, waits for it.
"""

from __future__ import annotations

import json
from pathlib import Path

import bench_smoke
import pytest

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.bench


def test_make_bench_street_prints_its_table() -> None:
    result = bench_smoke.started().wait()
    print(result.stdout)
    assert result.returncode == 0, result.stderr[-3000:]
    for section in (
        "== benchmark: scale street",
        "-- load:",
        "row by row, extrapolated from",
        "neo4j-admin database import (floor)",
        "-- latency, warm (ms)",
        "uncovered-stairwells",
        "-- wartime drill, all city-level departments recalled",
        "-- naive networkx",
        "-- graph libraries",
        "-- graph computations whole vs per territory",
        "-- API under load",
        "-- history (import of a 1% change",
        "trend over",
        "-- access control and audit: on vs off",
        "of the no-database floor",
        "-- the API now vs at",
        "-- briefing of Street:",
    ):
        assert section in result.stdout
    saved = json.loads((REPO / "benchmarks/results/quick.json").read_text())
    assert saved["scale"] == "street" and saved["households"] == 3_000
    assert saved["naive"]["uncovered-stairwells"]["answers_agree"] is True
    assert saved["naive"]["overloaded-liaisons"]["answers_agree"] is True
    assert saved["territories"]["brokers"]["top50_all_same"] is True
