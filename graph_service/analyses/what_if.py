"""What goes dark if some people and departments are lost: the what-if of a loss.

The liaison graph (`projections.liaison_coverage`) says which stairwells lose their last
liaison (`algorithms.coverage_risk.what_if`), the wartime holder graph
(`projections.wartime_holders`) which buildings and checkpoints lose their last named person
(`wartime_dark`). A department takes its staff with it. Keys of people and departments that
exist but hold nothing have no effect; keys that name nothing are refused (404).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph_service.algorithms.coverage_risk import wartime_dark, what_if
from graph_service.analyses import projections
from graph_service.analyses.projections import split_key
from graph_service.db.runner import Runner
from graph_service.errors import NotFound


@dataclass(frozen=True)
class WhatIfLoss:
    people_lost: tuple[str, ...]  # person keys
    stairwells: tuple[dict[str, Any], ...]  # key, name, households, grid_id, community_id
    wartime_places: tuple[dict[str, Any], ...]  # key, label, name, grid_id, community_id


def loss_of(db: Runner, keys: list[str]) -> WhatIfLoss:
    """What losing the people and departments `keys` (e.g. `Person:P0001`) leaves dark."""
    graph = projections.liaison_coverage(db, "what-if")
    wartime = projections.wartime_holders(db, "what-if")
    outside = [
        split_key(node_key)
        for node_key in keys
        if node_key not in graph and node_key not in wartime
    ]
    unknown = [
        f"{label}:{node_id}"
        for label, node_id in outside
        if not db.run("entities/node", {"id": node_id}, tokens={"label": label})
    ]
    if unknown:
        raise NotFound(f"no node named {', '.join(unknown)}")
    loss = what_if(graph, [node_key for node_key in keys if node_key in graph])
    stairwells = tuple(
        {
            "key": stairwell,
            **{
                field: graph.nodes[stairwell][field]
                for field in ("name", "households", "grid_id", "community_id")
            },
        }
        for stairwell in loss.stairwells
    )
    places = tuple(
        {
            "key": projections.key(node["label"], node["id"]),
            **{field: node[field] for field in ("label", "name", "grid_id", "community_id")},
        }
        for node in (wartime.nodes[place] for place in wartime_dark(wartime, keys))
    )
    return WhatIfLoss(loss.people_lost, stairwells, places)
