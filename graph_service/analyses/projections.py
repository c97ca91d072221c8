"""Projections: the part of the graph one computation needs, read with ONE query into networkx.

Nodes are keyed `"<Label>:<id>"` (ids are unique per label only), with attributes `label`,
`id` and `name`. The graph algorithms (`brokers`, `coverage_risk`, `collaboration`,
`rebalance`) take these graphs and never touch the database, so they test on hand-made graphs.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph_service.db.runner import Runner


def key(label: str, node_id: str) -> str:
    """The explorer's node key, e.g. `Stairwell:S0001`."""
    return f"{label}:{node_id}"


def split_key(node_key: str) -> tuple[str, str]:
    """`("Stairwell", "S0001")` from `"Stairwell:S0001"`; ValueError if there is no colon."""
    label, sep, node_id = node_key.partition(":")
    if not sep or not label or not node_id:
        raise ValueError(node_key)
    return label, node_id


def person_organisation(db: Runner, computation: str) -> nx.Graph:
    """The undirected person–organisation network (see cypher/projections/person-organisation)."""
    graph = nx.Graph()
    for row in db.run("projections/person-organisation", metadata={"analysis": computation}):
        source = key(row["source_label"], row["source_id"])
        target = key(row["target_label"], row["target_id"])
        graph.add_node(
            source, label=row["source_label"], id=row["source_id"], name=row["source_name"]
        )
        graph.add_node(
            target, label=row["target_label"], id=row["target_id"], name=row["target_name"]
        )
        graph.add_edge(source, target, type=row["type"])
    return graph


def liaison_coverage(db: Runner, computation: str) -> nx.Graph:
    """Stairwells, the people liaising with them and those people's departments.

    Stairwell nodes carry `households`, `grid_id` and `community_id`; edges are
    `LIAISES_WITH` (person–stairwell) and `WORKS_IN` (person–department).
    """
    graph = nx.Graph()
    for row in db.run("projections/liaison-coverage", metadata={"analysis": computation}):
        stairwell = key("Stairwell", row["stairwell_id"])
        graph.add_node(
            stairwell,
            label="Stairwell",
            id=row["stairwell_id"],
            name=row["stairwell"],
            households=row["households"],
            grid_id=row["grid_id"],
            community_id=row["community_id"],
        )
        for liaison in row["liaisons"]:
            person = _add(graph, "Person", liaison)
            graph.add_edge(person, stairwell, type="LIAISES_WITH")
            for department in liaison["departments"]:
                graph.add_edge(person, _add(graph, "Department", department), type="WORKS_IN")
    return graph


def wartime_holders(db: Runner, computation: str) -> nx.Graph:
    """Buildings and checkpoints with a named wartime person, those people, their departments.

    Place nodes carry `grid_id` (buildings) and `community_id`; edges are `HOLDS`
    (person–place: assigned to it or its building head) and `WORKS_IN` (person–department).
    """
    graph = nx.Graph()
    for row in db.run("projections/wartime-holders", metadata={"analysis": computation}):
        place = key(row["label"], row["id"])
        graph.add_node(
            place,
            label=row["label"],
            id=row["id"],
            name=row["name"],
            grid_id=row["grid_id"],
            community_id=row["community_id"],
        )
        for holder in row["holders"]:
            person = _add(graph, "Person", holder)
            graph.add_edge(person, place, type="HOLDS")
            for department in holder["departments"]:
                graph.add_edge(person, _add(graph, "Department", department), type="WORKS_IN")
    return graph


def co_attendance(db: Runner, computation: str) -> nx.Graph:
    """People joined by the events they attended together; weight = events shared.

    Person nodes carry `community_id`, their formal community (None if they have none).
    """
    attendees: dict[str, list[str]] = {}
    graph = nx.Graph()
    for row in db.run("projections/co-attendance", metadata={"analysis": computation}):
        person = key("Person", row["person_id"])
        graph.add_node(
            person,
            label="Person",
            id=row["person_id"],
            name=row["name"],
            community_id=row["community_id"],
        )
        for event in row["events"]:
            attendees.setdefault(event, []).append(person)
    for people in attendees.values():
        for index, one in enumerate(people):
            for other in people[index + 1 :]:
                weight = graph.edges[one, other]["weight"] + 1 if graph.has_edge(one, other) else 1
                graph.add_edge(one, other, weight=weight)
    return graph


def _add(graph: nx.Graph, label: str, node: dict[str, Any]) -> str:
    node_key = key(label, node["id"])
    if node_key not in graph:
        graph.add_node(node_key, label=label, id=node["id"], name=node["name"])
    return node_key
