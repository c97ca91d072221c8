"""The one JSON shape of a graph slice: graphology's `{nodes, edges}` serialisation.

Every endpoint that returns a piece of the graph (explorer slices, neighbourhoods, paths) answers
with `GraphSlice`; node keys are "<Label>:<id>", edge keys are Neo4j element ids.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class SliceNode(BaseModel):
    key: str
    attributes: dict[str, Any]


class SliceEdge(BaseModel):
    key: str
    source: str
    target: str
    attributes: dict[str, Any]


class GraphSlice(BaseModel):
    """A piece of the graph; `truncated` says a cap cut it short."""

    nodes: list[SliceNode]
    edges: list[SliceEdge]
    truncated: bool = False
