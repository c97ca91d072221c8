"""The graph computations the analyses API serves beside the Cypher files (kind "graph").

Each reads its projection with one query, runs a pure function `f(G, …)` from its own module,
and returns columns and rows like a Cypher analysis, so listing, pagination and CSV are shared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graph_service.catalogue import Analysis
from graph_service.runner import Row, Runner


@dataclass(frozen=True)
class Computation:
    analysis: Analysis
    run: Callable[[Runner, dict[str, Any]], tuple[list[str], list[Row]]]


ALL: dict[str, Computation] = {}
