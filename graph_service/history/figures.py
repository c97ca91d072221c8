"""Headline figures, kept with every snapshot for every street, community and grid (trends).

- `stairwells`, `covered_stairwells`, `stairwell_coverage`: stairwells, those someone liaises
  with, their share; `households`, `covered_households`, `household_coverage`: the same for
  households (`history/grid-totals`);
- one count per gap rule (`analyses.rules`): uncovered stairwells, leaderless grids, wartime
  gaps (counted in the finding's grid, community and street), overloaded liaisons, unpartnered
  communities and single points of failure (counted in the community and street). The counts
  are the rules' own findings, so a trend counts exactly what the analysis lists.

A figure a level cannot hold is None (e.g. overloads per grid: a member's place is their main
community); so is a ratio where there is nothing to cover.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from graph_service.analyses.rules import RULES, Rule
from graph_service.db.runner import Runner, Transaction

LEVELS = ("Street", "Community", "Grid")
COUNTS = ("stairwells", "covered_stairwells", "households", "covered_households")
RATIOS = {
    "stairwell_coverage": ("covered_stairwells", "stairwells"),
    "household_coverage": ("covered_households", "households"),
}
COUNTED: tuple[tuple[Rule, str], ...] = tuple((r, r.metric) for r in RULES if r.metric)
METRICS: tuple[str, ...] = (*COUNTS, *RATIOS, *(metric for _, metric in COUNTED))
METRIC_ZH: dict[str, str] = {
    "stairwells": "楼道数",
    "covered_stairwells": "已联系楼道数",
    "households": "户数",
    "covered_households": "已联系户数",
    "stairwell_coverage": "楼道覆盖率",
    "household_coverage": "住户覆盖率",
    **{metric: rule.zh for rule, metric in COUNTED},
}


def compute(tx: Transaction, findings: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The figures of every scope on the graph `tx` sees, from the rules' `findings` on it:
    one dict per scope with `scope` (e.g. `Grid:G0101`), `level`, `id`, `name`, `parent`
    and every metric."""
    scopes: dict[str, dict[str, Any]] = {}
    parent: dict[str, str | None] = {}
    for row in tx.run("history/community-places"):
        key = f"{row['level']}:{row['id']}"
        scopes[key] = {"scope": key, "level": row["level"], "id": row["id"], "name": row["name"]}
        parent[key] = f"Street:{row['street_id']}" if row["street_id"] else None
    grids = tx.run("history/grid-totals")
    for row in grids:
        key = f"Grid:{row['grid_id']}"
        scopes[key] = {"scope": key, "level": "Grid", "id": row["grid_id"], "name": row["name"]}
        parent[key] = f"Community:{row['community_id']}" if row["community_id"] else None

    totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))

    def add(key: str | None, metric: str, amount: float) -> None:
        while (
            key is not None and key in scopes
        ):  # a grid's figure counts in its community and street
            totals[key][metric] += amount
            key = parent.get(key)

    for row in grids:
        for metric in COUNTS:
            add(f"Grid:{row['grid_id']}", metric, row[metric])
    for rule, metric in COUNTED:
        for row in findings[rule.name]:
            grid, community = row.get("grid_id"), row.get("community_id")
            if rule.counted_in == "Grid" and grid:
                add(f"Grid:{grid}", metric, 1)
            elif community:
                add(f"Community:{community}", metric, 1)

    figures = []
    for key, scope in scopes.items():
        values = totals[key]
        row = {**scope, "parent": parent.get(key)}
        for metric in COUNTS:
            row[metric] = int(values.get(metric, 0))
        for metric, (part, whole) in RATIOS.items():
            row[metric] = round(values[part] / values[whole], 4) if values.get(whole) else None
        for rule, metric in COUNTED:
            counted_here = scope["level"] != "Grid" or rule.counted_in == "Grid"
            row[metric] = int(values.get(metric, 0)) if counted_here else None
        figures.append(row)
    return figures


def record(
    tx: Transaction, snapshot_id: int, findings: dict[str, list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    """Compute and keep the figures of snapshot `snapshot_id`; returns them."""
    rows = [{**row, "snapshot": snapshot_id} for row in compute(tx, findings)]
    for start in range(0, len(rows), 5_000):
        tx.run("history/create-figures", {"rows": rows[start : start + 5_000]})
    return rows


def street_scopes(db: Runner, snapshot: int) -> list[str]:
    """The street scopes (`Street:…`) whose figures snapshot `snapshot` kept."""
    return [row["scope"] for row in db.run("history/street-scopes", {"snapshot": snapshot})]
