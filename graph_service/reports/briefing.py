"""What a briefing says about one place: every figure and name, gathered from the same domain
functions the API answers from, so a report and the screen cannot disagree.

| section | source (the API that answers the same) |
|---|---|
| headline figures and their change | figures kept with the snapshots (`/api/v1/trends`) |
| coverage by community and grid | analysis `coverage-rollup` |
| uncovered stairwells, with grid heads | analysis `uncovered-stairwells` |
| overloaded liaisons | analysis `overloaded-liaisons` |
| proposed moves, by name | the rebalance plan (`POST /api/v1/plans/rebalance`, grid scope) |
| communities missing a partner; suggested units | `unpartnered-communities`, |
|   | `pairing-suggestions` |
| wartime places with nobody; departments | `wartime-coverage`, `wartime-dependence` |
| rectification cases | the ledger (`/api/v1/ledger/cases`, `/api/v1/ledger/stats`) |
| the picture of the network | the explorer's overview slice (`/api/v1/graph/overview`) |

A place is a street (`Street:ST01`) or a community (`Community:CM01`); a finding belongs to it
when it is placed in one of its communities (a finding with no place, e.g. a stairwell whose
chain is broken, belongs to none: `broken-chains` lists those).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from graph_service.analyses import limits, plans
from graph_service.analyses.answers import find, plain_answer
from graph_service.analyses.rendering import plain_rows
from graph_service.analyses.rules import all_findings
from graph_service.db.runner import Row, Runner, Transaction
from graph_service.errors import BadRequest, NotFound
from graph_service.history import figures as history_figures
from graph_service.history.snapshots import all_snapshots, resolve
from graph_service.ledger.cases import OPEN
from graph_service.ledger.stats import LedgerStats, by_scope

LEVELS = ("Street", "Community")
HEADLINE_METRICS = (
    "stairwells",
    "covered_stairwells",
    "stairwell_coverage",
    "households",
    "covered_households",
    "household_coverage",
    "uncovered_stairwells",
    "leaderless_grids",
    "overloaded_liaisons",
    "unpartnered_communities",
    "wartime_gaps",
    "single_points_of_failure",
)
NO_LIMIT = 1_000_000


@dataclass(frozen=True)
class Figure:
    metric: str
    value: float | None
    previous: float | None  # at the previous snapshot (None: no previous, or not kept then)

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return round(self.value - self.previous, 4)


@dataclass
class Briefing:
    """Everything one report shows, in the order it shows it. Rows are the analyses' rows."""

    scope: str
    level: str
    place_id: str
    name: str
    street_name: str | None
    made_on: dt.date
    as_of: str | None  # the date the latest roster describes
    since: str | None  # the date of the roster the changes are counted from
    figures: list[Figure]
    coverage: list[Row]  # the place first, then its communities (of a street), then grids
    uncovered: list[Row]
    overloaded: list[Row]
    moves: list[Row]  # stairwell, giver, receiver by name, with loads before
    unpartnered: list[Row]
    suggestions: list[Row]
    wartime_gaps: list[Row]
    dependence: list[Row]
    ledger: LedgerStats
    open_cases: list[Row]
    closed_cases: list[Row]
    network: list[Row]  # overview rows of the place: street, community, grid with coverage
    stairwell_limit: int = 3
    notes: dict[str, Any] = field(default_factory=dict)

    def row_counts(self) -> dict[str, int]:
        """How many rows each section holds (what the audit trail records)."""
        return {
            "coverage": len(self.coverage),
            "uncovered_stairwells": len(self.uncovered),
            "overloaded_liaisons": len(self.overloaded),
            "moves": len(self.moves),
            "unpartnered_communities": len(self.unpartnered),
            "pairing_suggestions": len(self.suggestions),
            "wartime_gaps": len(self.wartime_gaps),
            "wartime_dependence": len(self.dependence),
            "open_cases": len(self.open_cases),
            "closed_cases": len(self.closed_cases),
        }


def parse_place(scope: str) -> tuple[str, str]:
    """`Street:ST01` or `Community:CM01`; BadRequest otherwise."""
    level, _, place_id = (scope or "").partition(":")
    if level not in LEVELS or not place_id:
        raise BadRequest(
            f"scope: {scope!r} is not like Street:ST01 or Community:CM01", parameter="scope"
        )
    return level, place_id


def _ask(db: Runner, name: str, **params: Any) -> list[Row]:
    """Every row of analysis `name`, as the analyses API answers it."""
    analysis = find(name)
    given = {k: str(v) for k, v in params.items() if v is not None}
    return plain_answer(db, analysis, analysis.coerce(given))[1]


def _in(rows: list[Row], communities: set[str]) -> list[Row]:
    return [row for row in rows if row.get("community_id") in communities]


def _figures(
    db: Runner, scope: str, since: str | None
) -> tuple[list[Figure], str | None, str | None]:
    """The scope's headline figures at the latest snapshot and at the one changes count from
    (`since`, default the one before the latest), with both dates."""
    kept = db.run("history/trend", {"scope": scope}, metadata={"report": scope})
    if not kept:  # a graph with no recorded snapshot: today's figures, no change
        current = next(
            (f for f in _live_figures(db) if f["scope"] == scope),
            {},
        )
        return [Figure(m, current.get(m), None) for m in HEADLINE_METRICS], None, None
    latest = kept[-1]
    earlier = kept[:-1]
    before: Row | None = earlier[-1] if earlier else None
    if since is not None:
        snapshot = resolve(all_snapshots(db), since, "since")
        before = next((row for row in kept if row["figures"]["snapshot"] == snapshot.id), None)
        if before is None:
            raise NotFound(f"since: no figures of {scope} were kept at snapshot {snapshot.id}")
    figures = [
        Figure(m, latest["figures"].get(m), before["figures"].get(m) if before else None)
        for m in HEADLINE_METRICS
    ]
    return figures, str(latest["as_of"]), str(before["as_of"]) if before else None


def _live_figures(db: Runner) -> list[dict[str, Any]]:
    def work(tx: Transaction) -> list[dict[str, Any]]:
        return history_figures.compute(tx, all_findings(tx))

    return db.transaction(work, write=False, metadata={"report": "figures"})


def _moves(db: Runner, stairwell_limit: int, communities: set[str]) -> list[Row]:
    """The rebalance plan's moves inside the place, by name (as `POST /plans/rebalance`)."""
    proposal = plans.propose(db, stairwell_limit, "grid", limits.household_limit().default)
    before, names = proposal.plan.before, proposal.names
    return [
        {
            "stairwell_key": move.stairwell,
            "stairwell": names[move.stairwell],
            "grid_id": proposal.stairwells[move.stairwell].grid_id,
            "community_id": proposal.stairwells[move.stairwell].community_id,
            "from_key": move.giver,
            "from_name": names[move.giver],
            "from_load_before": before[move.giver].stairwells,
            "to_key": move.receiver,
            "to_name": names[move.receiver],
            "to_load_before": before[move.receiver].stairwells,
        }
        for move in proposal.plan.moves
        if proposal.stairwells[move.stairwell].community_id in communities
    ]


def _cases(db: Runner, filters: dict[str, str | None], statuses: list[str]) -> list[Row]:
    [row] = db.run(
        "ledger/cases",
        {**filters, "rule": None, "statuses": statuses, "owner": None, "limit": NO_LIMIT,
         "offset": 0},
        metadata={"report": "ledger"},
    )  # fmt: skip
    return sorted(row["cases"], key=lambda case: case["id"])


def gather(
    db: Runner,
    scope: str,
    *,
    since: str | None = None,
    today: dt.date | None = None,
    stairwell_limit: int = int(limits.stairwell_limit().default),
) -> Briefing:
    """Everything the report of `scope` shows. NotFound for a place the graph does not hold."""
    level, place_id = parse_place(scope)
    column = "street_id" if level == "Street" else "community_id"
    network = [
        row for row in db.run("explorer/overview", metadata={"report": scope})
        if row[column] == place_id
    ]  # fmt: skip
    if not network:
        raise NotFound(f"scope: no {level} {place_id!r} in the graph")
    first = network[0]
    name = first["street_name"] if level == "Street" else first["community_name"]
    communities = {row["community_id"] for row in network if row["community_id"]}
    grids = {row["grid_id"] for row in network if row["grid_id"]}
    places = {scope} | {f"Community:{c}" for c in communities} | {f"Grid:{g}" for g in grids}
    community = place_id if level == "Community" else None

    figures, as_of, since_date = _figures(db, scope, since)
    coverage = [row for row in _ask(db, "coverage-rollup") if row["node_key"] in places]
    dependence = (
        _ask(db, "wartime-dependence", community_id=community)
        if community
        else _merged_dependence(db, sorted(communities))
    )
    filters: dict[str, str | None] = {"street": None, "community": None, "grid": None}
    filters[level.lower()] = place_id
    stats_rows = db.run("ledger/stats-rows", filters, metadata={"report": "ledger"})
    today = today or dt.date.today()
    month = (as_of or today.isoformat())[:7]
    ledger, _ = by_scope(scope, None, stats_rows, month, today)
    return Briefing(
        scope=scope,
        level=level,
        place_id=place_id,
        name=str(name),
        street_name=first["street_name"],
        made_on=today,
        as_of=as_of,
        since=since_date,
        figures=figures,
        coverage=coverage,
        uncovered=_in(_ask(db, "uncovered-stairwells", community_id=community), communities),
        overloaded=_in(_ask(db, "overloaded-liaisons"), communities),
        moves=_moves(db, stairwell_limit, communities),
        unpartnered=_in(_ask(db, "unpartnered-communities"), communities),
        suggestions=_in(_ask(db, "pairing-suggestions"), communities),
        wartime_gaps=_in(_ask(db, "wartime-coverage", community_id=community), communities),
        dependence=dependence,
        ledger=ledger,
        open_cases=plain_rows(_cases(db, filters, list(OPEN))),
        closed_cases=plain_rows(_cases(db, filters, ["rectified"])),
        network=network,
        stairwell_limit=stairwell_limit,
    )


def _merged_dependence(db: Runner, communities: list[str]) -> list[Row]:
    """`wartime-dependence` over several communities: each community's answer, added up per
    department (a place lies in one community, so nothing is counted twice)."""
    merged: dict[str, Row] = {}
    for community in communities:
        for row in _ask(db, "wartime-dependence", community_id=community):
            held = merged.setdefault(
                row["department_id"],
                {**row, "buildings": 0, "checkpoints": 0, "communities": 0, "place_keys": []},
            )
            for column in ("buildings", "checkpoints", "communities"):
                held[column] += row[column]
            held["place_keys"] = held["place_keys"] + row["place_keys"]
    return sorted(
        merged.values(), key=lambda r: (-(r["buildings"] + r["checkpoints"]), r["department_id"])
    )
