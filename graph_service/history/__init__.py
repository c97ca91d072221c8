"""The graph's history: snapshots, what was true when, headline figures over time, diffs.

- `snapshots`: one immutable `:Snapshot` per change, and the graph's version stamp;
- `spans`: the programme's links and entities with the snapshots they held for;
- `figures`: headline figures per street, community and grid, kept with every snapshot;
- `recorder`: records a change as all of the above, in the transaction that makes it;
- `diff`: what changed between two snapshots.
"""

# Labels of the history's own nodes: kept beside the network, never part of a roster or analysis.
HISTORY_LABELS = frozenset(
    {"HistoryClock", "Snapshot", "LinkSpan", "EntitySpan", "Figures", "Case", "CaseEvent"}
)
