"""Applying a rebalance plan: the moves an analyst accepted, checked and made in one transaction.

A plan (`algorithms.rebalance`) is only a proposal; between computing it and applying it the
graph may change. `apply_moves` re-checks every move against the graph in the same write
transaction that makes them (`cypher/plans/check-moves`), so the check and the change see the
same graph: if any move no longer fits, nothing is written and `BadRequest` lists each stale
one. Otherwise the receivers take the stairwells over (`cypher/plans/apply-moves`) and the
derived state follows (a giver left with no stairwell is no longer a `:Liaison`); the change is
recorded as a snapshot, like an import (`history.recorder`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from graph_service.db import derived
from graph_service.db.runner import Runner, Transaction
from graph_service.errors import BadRequest
from graph_service.history.recorder import plan_changes, record
from graph_service.history.snapshots import Origin


@dataclass(frozen=True)
class Move:
    """One accepted move: the stairwell passes from one person's care to another's."""

    stairwell_id: str
    from_id: str
    to_id: str


def apply_moves(runner: Runner, moves: list[Move], account: str | None = None) -> None:
    """Make every move in one write transaction, or none: raises BadRequest (parameter `moves`,
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
    runner.transaction(
        work,
        write=True,
        timeout_s=derived.REFRESH_TIMEOUT_S,
        metadata={"plan": "rebalance/apply"},
    )
