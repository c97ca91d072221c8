"""The graph computations the analyses API serves beside the Cypher files (kind "graph").

Each reads its projection with one query (`analyses.projections`), runs a pure function
`f(G, …)` from its own module, and returns columns and rows like a Cypher analysis, so the
catalogue, parameter checking, pagination and CSV are shared. Parameters are declared here
with the same `Param` records the Cypher headers produce. Brokers and collaboration clusters
are computed territory by territory (`analyses.territories`: a street, or the streets the
network joins; it reads the street of each community and grid with one more query) and
combined.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graph_service.algorithms.brokers import brokers
from graph_service.algorithms.collaboration import (
    collaboration_clusters,
    normalised_mutual_information,
)
from graph_service.algorithms.coverage_risk import single_points_of_failure, wartime_dependence
from graph_service.analyses import limits, plans, projections, territories
from graph_service.analyses.catalogue import Analysis, Param
from graph_service.db.runner import Row, Runner

Table = tuple[list[str], list[Row]]


@dataclass(frozen=True)
class Computation:
    analysis: Analysis
    run: Callable[[Runner, dict[str, Any]], Table]


def _brokers(db: Runner, params: dict[str, Any]) -> Table:
    graph = projections.person_organisation(db, "brokers")
    labels: tuple[str, ...] | None = {
        "person": ("Person",),
        "organisation": tuple(
            label
            for label in {label for _, label in graph.nodes(data="label")}
            if label != "Person"
        ),
        "all": None,
    }[params["kind"]]
    parts = territories.territories(graph, territories.place_streets(db, "brokers"))
    found = brokers(graph, top=params["top"], labels=labels, parts=[t.nodes for t in parts])
    columns = [
        "rank", "node_key", "label", "id", "name", "betweenness", "degree",
        "communities_reached", "cut_off_if_removed", "why",
    ]  # fmt: skip
    rows = [
        {
            "rank": rank,
            "node_key": broker.key,
            "label": broker.label,
            "id": graph.nodes[broker.key]["id"],
            "name": broker.name,
            "betweenness": round(broker.betweenness, 6),
            "degree": broker.degree,
            "communities_reached": broker.communities_reached,
            "cut_off_if_removed": broker.cut_off_if_removed,
            "why": broker.why,
        }
        for rank, broker in enumerate(found, start=1)
    ]
    return columns, rows


def _single_points(db: Runner, params: dict[str, Any]) -> Table:
    graph = projections.liaison_coverage(db, "single-points-of-failure")
    labels = {"all": ("Person", "Department"), "person": ("Person",)}.get(
        params["kind"], ("Department",)
    )
    columns = [
        "node_key", "label", "id", "name", "people_lost", "uncovered_stairwells",
        "uncovered_households", "stairwell_keys",
    ]  # fmt: skip
    rows = []
    for loss in single_points_of_failure(graph, labels):
        [node] = loss.removed
        rows.append(
            {
                "node_key": node,
                "label": graph.nodes[node]["label"],
                "id": graph.nodes[node]["id"],
                "name": graph.nodes[node]["name"],
                "people_lost": len(loss.people_lost),
                "uncovered_stairwells": len(loss.stairwells),
                "uncovered_households": loss.households(graph),
                "stairwell_keys": list(loss.stairwells),
            }
        )
    return columns, rows


def _wartime_dependence(db: Runner, params: dict[str, Any]) -> Table:
    graph = projections.wartime_holders(db, "wartime-dependence")
    wanted = params["community_id"]
    columns = [
        "department_id", "node_key", "department", "buildings", "checkpoints", "communities",
        "place_keys",
    ]  # fmt: skip
    rows = []
    for department, places in wartime_dependence(graph).items():
        if wanted is not None:
            places = tuple(p for p in places if graph.nodes[p]["community_id"] == wanted)
        if not places:
            continue
        labels = [graph.nodes[place]["label"] for place in places]
        rows.append(
            {
                "department_id": graph.nodes[department]["id"],
                "node_key": department,
                "department": graph.nodes[department]["name"],
                "buildings": labels.count("Building"),
                "checkpoints": labels.count("Checkpoint"),
                "communities": len({graph.nodes[p]["community_id"] for p in places} - {None}),
                "place_keys": list(places),
            }
        )
    rows.sort(key=lambda row: (-len(row["place_keys"]), row["department_id"]))
    return columns, rows


def _clusters(db: Runner, params: dict[str, Any]) -> Table:
    graph = projections.co_attendance(db, "collaboration-clusters")
    parts = territories.territories(graph, territories.place_streets(db, "collaboration-clusters"))
    clusters = collaboration_clusters(
        graph,
        min_size=params["min_size"],
        resolution=params["resolution"],
        parts=[territory.nodes for territory in parts],
    )
    # Agreement of the clusters with the formal communities, over the people who have both.
    cluster_of = {member: cluster.number for cluster in clusters for member in cluster.members}
    formal = {
        node: community
        for node, community in graph.nodes(data="community_id")
        if community is not None and node in cluster_of
    }
    nmi = round(normalised_mutual_information(cluster_of, formal), 4)
    columns = [
        "cluster", "size", "dominant_community_id", "dominant_share", "formal_communities",
        "members_without_community", "shared_attendances", "nmi_with_formal", "member_keys",
    ]  # fmt: skip
    rows = [
        {
            "cluster": cluster.number,
            "size": len(cluster.members),
            "dominant_community_id": cluster.dominant_community,
            "dominant_share": round(cluster.dominant_share, 4),
            "formal_communities": sum(1 for community in cluster.communities if community),
            "members_without_community": cluster.communities.get("", 0),
            "shared_attendances": cluster.internal_weight,
            "nmi_with_formal": nmi,
            "member_keys": list(cluster.members),
        }
        for cluster in clusters
    ]
    return columns, rows


def _rebalance(db: Runner, params: dict[str, Any]) -> Table:
    proposal = plans.propose(
        db, params["stairwell_limit"], params["scope"], params["household_limit"]
    )
    before = proposal.plan.before
    columns = [
        "stairwell_key", "from_key", "to_key", "grid_id", "community_id", "households",
        "from_load_before", "to_load_before", "from_households_before", "to_households_before",
    ]  # fmt: skip
    rows = [
        {
            "stairwell_key": move.stairwell,
            "from_key": move.giver,
            "to_key": move.receiver,
            "grid_id": proposal.stairwells[move.stairwell].grid_id,
            "community_id": proposal.stairwells[move.stairwell].community_id,
            "households": proposal.stairwells[move.stairwell].households,
            "from_load_before": before[move.giver].stairwells,
            "to_load_before": before[move.receiver].stairwells,
            "from_households_before": before[move.giver].households,
            "to_households_before": before[move.receiver].households,
        }
        for move in proposal.plan.moves
    ]
    return columns, rows


SCOPE = Param("scope", "str", "grid", "how far a stairwell may move", choices=("grid", "community"))

ALL: dict[str, Computation] = {
    computation.analysis.name: computation
    for computation in (
        Computation(
            Analysis(
                "brokers",
                "关键联结人",
                "Brokers",
                "Betweenness on the person–organisation network: the top N, with what they link "
                "and how many nodes lose their connection without them.",
                (
                    Param("top", "int", 10, "how many to list", 1, 500),
                    Param(
                        "kind",
                        "str",
                        "person",
                        "rank people, organisations or both",
                        choices=("person", "organisation", "all"),
                    ),
                ),
                kind="graph",
                notes="Computed per territory (a street, with the streets its network joins) "
                "and normalised by the whole network's size: the same numbers as the whole "
                "network at once, since shortest paths never leave a connected component.",
            ),
            _brokers,
        ),
        Computation(
            Analysis(
                "single-points-of-failure",
                "单点失效风险",
                "Single points of failure",
                "People and departments whose loss alone leaves stairwells and households with "
                "no liaison, and how many (GET /api/v1/what-if tries any set).",
                (
                    Param(
                        "kind",
                        "str",
                        "all",
                        "people, departments (losing a department loses its staff) or both",
                        choices=("all", "person", "department"),
                    ),
                ),
                kind="graph",
            ),
            _single_points,
        ),
        Computation(
            Analysis(
                "wartime-dependence",
                "战时单一部门依赖",
                "Wartime dependence on one department",
                "Per department: buildings and checkpoints whose every named wartime person works "
                "in it, so they go dark if it is recalled.",
                (Param("community_id", "str", None, "only places in this community (null: all)"),),
                kind="graph",
                notes="A place is held by the people assigned to it or heading it. Recalling a "
                "department takes everyone who works in it, also someone who works in a second "
                "department (the rule of what-if, algorithms.coverage_risk.people_lost): so a "
                "place held by one person of two departments depends on both, a place also held "
                "by someone of another department, or by a building head in none, on neither. "
                "Checkpoints are in their community directly, buildings through their grid.",
            ),
            _wartime_dependence,
        ),
        Computation(
            Analysis(
                "collaboration-clusters",
                "实际协作群体",
                "Collaboration clusters",
                "Louvain clusters of people who attend events together, compared with their "
                "formal communities (dominant share per cluster, NMI overall).",
                (
                    Param("min_size", "int", 3, "leave out smaller clusters", 2, 10000),
                    Param("resolution", "float", 1.0, "Louvain resolution (>1: smaller)", 0.1, 10),
                ),
                kind="graph",
                notes="Clustered per territory (a street, with the streets its network joins), "
                "with the same resolution in each: a street's clusters do not change with the "
                "size of the rest of the city.",
            ),
            _clusters,
        ),
        Computation(
            Analysis(
                "rebalance",
                "联户调整方案",
                "Rebalance plan",
                "Stairwell moves (rounds of min-cost flow) from members over the stairwell or "
                "household limit to members with room under both, in the same grid or "
                "community; a plan only, nothing is written.",
                (limits.stairwell_limit(), limits.household_limit(), SCOPE),
                kind="graph",
            ),
            _rebalance,
        ),
    )
}
