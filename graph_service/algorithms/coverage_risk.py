"""Coverage risk: whose loss leaves stairwells and households without a liaison (党员联户), and
which buildings and checkpoints without a named wartime person.

Works on the liaison graph of `graph_service.analyses.projections.liaison_coverage`: stairwell nodes
(with `households`), people liaising with them, and the departments those people work in; and
on the wartime holder graph of `projections.wartime_holders`.

One rule, one place: losing (recalling) a department means losing every person who works in
it, also one who works in another department too (`people_lost`). what-if, single points of
failure and wartime-dependence all count a person of several departments this way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx


@dataclass(frozen=True)
class Loss:
    """What removing some people and departments does to stairwell coverage."""

    removed: tuple[str, ...]
    people_lost: tuple[str, ...]
    stairwells: tuple[str, ...]  # covered before, uncovered after, sorted

    def households(self, graph: nx.Graph) -> int:
        """Households living in the stairwells this loss uncovers."""
        return sum(graph.nodes[stairwell]["households"] for stairwell in self.stairwells)


def people_lost(graph: nx.Graph, removed: Iterable[str]) -> set[str]:
    """The people gone with `removed` (Person and Department keys); departments take their staff,
    every person who works in them, whatever other department that person works in too.

    >>> g = nx.Graph()
    >>> g.add_nodes_from(["Department:D1", "Department:D2"], label="Department")
    >>> g.add_node("Person:P1", label="Person")
    >>> g.add_edges_from([("Person:P1", "Department:D1"), ("Person:P1", "Department:D2")])
    >>> people_lost(g, ["Department:D2"])
    {'Person:P1'}
    """
    gone: set[str] = set()
    for node in removed:
        label = graph.nodes[node]["label"]
        if label == "Person":
            gone.add(node)
        elif label == "Department":
            gone.update(
                other for other in graph.neighbors(node) if graph.nodes[other]["label"] == "Person"
            )
        else:
            raise ValueError(f"{node}: only people and departments can be removed")
    return gone


def what_if(graph: nx.Graph, removed: Iterable[str]) -> Loss:
    """The stairwells left with no liaison if the people and departments `removed` are lost.

    Parameters
    ----------
    graph : the liaison graph (stairwells with `households`, people, departments).
    removed : node keys of people and departments, e.g. ["Person:P1", "Department:DP1"].

    Returns
    -------
    Loss: the stairwells that had at least one liaison and would have none (stairwells that
    were already uncovered are not the loss's doing and are not counted).

    Raises
    ------
    KeyError if a key is not in the graph; ValueError for a node that is neither a person nor
    a department.

    Example
    -------
    >>> g = nx.Graph()
    >>> g.add_node("Stairwell:S1", label="Stairwell", households=4)
    >>> g.add_node("Person:P1", label="Person")
    >>> g.add_edge("Person:P1", "Stairwell:S1")
    >>> what_if(g, ["Person:P1"]).stairwells
    ('Stairwell:S1',)
    """
    removed = tuple(removed)
    for node in removed:
        if node not in graph:
            raise KeyError(node)
    gone = people_lost(graph, removed)
    stairwells = {
        stairwell
        for person in gone
        for stairwell in graph.neighbors(person)
        if graph.nodes[stairwell]["label"] == "Stairwell"
    }
    uncovered = sorted(
        stairwell
        for stairwell in stairwells
        if all(
            liaison in gone
            for liaison in graph.neighbors(stairwell)
            if graph.nodes[liaison]["label"] == "Person"
        )
    )
    return Loss(removed=removed, people_lost=tuple(sorted(gone)), stairwells=tuple(uncovered))


WARTIME_PLACES = ("Building", "Checkpoint")


def wartime_dark(graph: nx.Graph, removed: Iterable[str]) -> tuple[str, ...]:
    """The buildings and checkpoints left with no named wartime person if `removed` are lost.

    Parameters
    ----------
    graph : the wartime holder graph (`projections.wartime_holders`): buildings and checkpoints,
        the people assigned to them or heading them, and those people's departments.
    removed : node keys of people and departments; keys not in the graph hold no place and
        are passed over.

    Returns
    -------
    The keys of the places every named person of which is lost, sorted. A place held by a
    building head in no department survives any department's recall, as in the
    wartime-dependence analysis.

    Example
    -------
    >>> g = nx.Graph()
    >>> g.add_node("Building:B1", label="Building")
    >>> g.add_nodes_from(["Person:P1", "Person:P2"], label="Person")
    >>> g.add_node("Department:D1", label="Department")
    >>> g.add_edges_from([("Person:P1", "Building:B1"), ("Person:P1", "Department:D1")])
    >>> wartime_dark(g, ["Department:D1"])
    ('Building:B1',)
    >>> g.add_edge("Person:P2", "Building:B1")  # a second holder in no department
    >>> wartime_dark(g, ["Department:D1"])
    ()
    """
    gone = people_lost(graph, [node for node in removed if node in graph])
    places = {
        place
        for person in gone
        for place in graph.neighbors(person)
        if graph.nodes[place]["label"] in WARTIME_PLACES
    }
    return tuple(
        sorted(
            place
            for place in places
            if all(
                holder in gone
                for holder in graph.neighbors(place)
                if graph.nodes[holder]["label"] == "Person"
            )
        )
    )


def wartime_dependence(graph: nx.Graph) -> dict[str, tuple[str, ...]]:
    """For each department, the buildings and checkpoints that go dark if it alone is recalled.

    Parameters
    ----------
    graph : the wartime holder graph (`projections.wartime_holders`).

    Returns
    -------
    {department key: place keys, sorted}, for the departments whose recall darkens a place.
    By `people_lost`, a place held only by one person who works in two departments depends on
    both; a place also held by someone of another department (or a building head in none)
    depends on neither. So this is `wartime_dark(graph, [department])` for each department,
    and what-if with that department removed names the same places.

    Example
    -------
    >>> g = nx.Graph()
    >>> g.add_node("Building:B1", label="Building")
    >>> g.add_node("Person:P1", label="Person")
    >>> g.add_nodes_from(["Department:D1", "Department:D2"], label="Department")
    >>> g.add_edges_from([("Person:P1", "Building:B1"), ("Person:P1", "Department:D1"),
    ...                   ("Person:P1", "Department:D2")])
    >>> wartime_dependence(g)
    {'Department:D1': ('Building:B1',), 'Department:D2': ('Building:B1',)}
    """
    found = {}
    for node, label in sorted(graph.nodes(data="label")):
        if label == "Department":
            dark = wartime_dark(graph, [node])
            if dark:
                found[node] = dark
    return found


def single_points_of_failure(
    graph: nx.Graph, labels: Iterable[str] = ("Person", "Department")
) -> list[Loss]:
    """Every person and department whose loss alone uncovers at least one stairwell.

    Parameters
    ----------
    graph : the liaison graph.
    labels : which kinds of node to try ("Person", "Department").

    Returns
    -------
    list of Loss (one removed node each), most households uncovered first, then most
    stairwells, then by key.

    Example
    -------
    >>> g = nx.Graph()
    >>> g.add_node("Stairwell:S1", label="Stairwell", households=4)
    >>> g.add_nodes_from(["Person:P1", "Person:P2"], label="Person")
    >>> g.add_edges_from([("Person:P1", "Stairwell:S1"), ("Person:P2", "Stairwell:S1")])
    >>> single_points_of_failure(g)  # two liaisons: neither alone is a single point
    []
    """
    wanted = set(labels)
    losses = [
        what_if(graph, [node])
        for node, label in sorted(graph.nodes(data="label"))
        if label in wanted
    ]
    found = [loss for loss in losses if loss.stairwells]
    return sorted(
        found, key=lambda loss: (-loss.households(graph), -len(loss.stairwells), loss.removed)
    )
