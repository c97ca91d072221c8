"""Derived state: facts the service keeps on nodes so common questions are lookups.

Each fact follows from relationships a roster holds and is never part of a roster itself
(exports leave it out, see `dictionary.DERIVED_PROPERTIES`):
- role labels on people (`:Liaison`, `:GridLeader`, `:Cadre`, `:Volunteer`),
  `cypher/roster/person-roles.cypher`;
- `Stairwell.covered`: some person LIAISES_WITH it, `cypher/roster/stairwell-coverage.cypher`,
  indexed so that `uncovered-stairwells` is an index seek;
- `Stairwell.household_count`: how many households are PART_OF it,
  `cypher/roster/stairwell-households.cypher`, so analyses over every stairwell need not count;
- a liaison member's loads (`Person.liaison_stairwells`, `liaison_households`,
  `liaison_community_id`), `cypher/roster/liaison-loads.cypher` (after the household counts it
  sums), so liaison-load and overloaded-liaisons read a property per member;
- the `:BrokenChain` label on places whose own link up is missing, doubled or of the wrong
  kind, `cypher/roster/place-chains.cypher`, so broken-chains visits only those.

`refresh(tx)` recomputes them in the caller's write transaction, so an import or an applied plan
changes the facts together with the relationships they follow. `refresh_all(runner)` does the
same in a transaction of its own: at start-up (a graph loaded before a fact existed, or written
by another tool) and in the benchmarks after `neo4j-admin import`.
"""

from __future__ import annotations

from graph_service.db.runner import Runner, Transaction

STATEMENTS = (
    "roster/person-roles",
    "roster/stairwell-coverage",
    "roster/stairwell-households",
    "roster/liaison-loads",
    "roster/place-chains",
)
REFRESH_TIMEOUT_S = 600.0  # every person and stairwell: seconds at city scale


def refresh(tx: Transaction) -> int:
    """Bring every derived fact up to date in `tx`; returns how many labels and properties
    changed (0 when the graph was current)."""
    changed = 0
    for name in STATEMENTS:
        counters = tx.counters(name)
        changed += counters.labels_added + counters.labels_removed + counters.properties_set
    return changed


def refresh_all(runner: Runner) -> int:
    """`refresh` in its own write transaction; returns how many labels and properties changed."""
    return runner.transaction(
        refresh, write=True, timeout_s=REFRESH_TIMEOUT_S, metadata={"task": "derived-refresh"}
    )
