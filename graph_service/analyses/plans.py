"""The rebalance plan: proposed on the graph as it is, applied as the analyst accepts it.

`propose` reads the liaison projection once and runs `algorithms.rebalance` on it; the plan
endpoint and the `rebalance` analysis both render what it returns, so they cannot disagree.
A plan is only a proposal; between computing it and applying it the graph may change.
`apply_moves` re-checks every move against the graph in the same write transaction that makes
them (`cypher/plans/check-moves`), so the check and the change see the same graph: if any move
no longer fits, nothing is written and `BadRequest` lists each stale one. Otherwise the
receivers take the stairwells over (`cypher/plans/apply-moves`) and the derived state follows (a
giver left with no stairwell is no longer a `:Liaison`); the change is recorded as a snapshot,
like an import (`history.recorder`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from graph_service.algorithms.rebalance import Plan, Scope, rebalance
from graph_service.analyses import projections
from graph_service.db import derived, writer
from graph_service.db.runner import Runner, Transaction
from graph_service.errors import BadRequest
from graph_service.history.recorder import plan_changes, record
from graph_service.history.snapshots import Origin


@dataclass(frozen=True)
class MovedStairwell:
    """What a plan's reader needs of a stairwell it moves."""

    households: int
    grid_id: str | None
    community_id: str | None


@dataclass(frozen=True)
class Proposal:
    """A rebalance plan with the names and places it speaks of, read from the same graph."""

    plan: Plan
    names: dict[str, str | None]  # every stairwell and person the plan names, by key
    stairwells: dict[str, MovedStairwell]  # every stairwell a move takes, by key


def propose(runner: Runner, stairwell_limit: int, scope: Scope, household_limit: int) -> Proposal:
    """The rebalance plan for the graph as it is now; nothing is written."""
    graph = projections.liaison_coverage(runner, "rebalance")
    plan = rebalance(graph, stairwell_limit, scope, household_limit)
    moved = {move.stairwell for move in plan.moves}
    named = moved | set(plan.before) | set(plan.unresolved)
    return Proposal(
        plan=plan,
        names={node: graph.nodes[node]["name"] for node in sorted(named)},
        stairwells={
            node: MovedStairwell(
                households=graph.nodes[node]["households"],
                grid_id=graph.nodes[node]["grid_id"],
                community_id=graph.nodes[node]["community_id"],
            )
            for node in sorted(moved)
        },
    )


@dataclass(frozen=True)
class Move:
    """One accepted move: the stairwell passes from one person's care to another's."""

    stairwell_id: str
    from_id: str
    to_id: str


def apply_moves(runner: Runner, moves: list[Move], account: str | None = None) -> None:
    """Make every move in one write transaction, or none, holding the writer lock (raises
    `WriterBusy` while another import or plan writes): raises BadRequest (parameter `moves`,
    nothing written) if any move no longer fits the graph. `account` (who applied the plan) is
    kept with the snapshot."""
    rows = [asdict(move) for move in moves]

    def work(tx: Transaction) -> None:
        stale = tx.run("plans/check-moves", {"moves": rows})
        if stale:
            raise BadRequest(
                "these moves no longer fit the graph, nothing was written: "
                + "; ".join(
                    f"moves[{row['index']}] {row['stairwell_id']} {row['from_id']}→{row['to_id']}"
                    for row in stale
                ),
                parameter="moves",
            )
        moved = tx.run("plans/apply-moves", {"moves": rows})
        derived.refresh(tx)
        origin = Origin(source="plan", file="rebalance", account=account)
        record(tx, plan_changes(moved), origin, [])

    # It refreshes every derived fact too, as an import does: more than one query's timeout.
    with writer.writer_lock(runner, "applying a rebalance plan"):
        runner.transaction(
            work,
            write=True,
            timeout_s=derived.REFRESH_TIMEOUT_S,
            metadata={"plan": "rebalance/apply"},
        )
