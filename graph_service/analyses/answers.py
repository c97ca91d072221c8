"""Answering an analysis by name: the one path the API, the reports and the benchmarks share.

`catalogue()` lists every analysis (the Cypher files, then the graph computations), `find(name)`
names one or says which there are, and `run(db, analysis, params)` answers it with columns and
rows; `plain_answer` makes every value plain for JSON once (ISO dates, NaN as null) and masks
what no role may read (`auth.masking.shown_name`: a household's room address).
"""

from __future__ import annotations

from typing import Any

from graph_service.analyses import computations
from graph_service.analyses.catalogue import Analysis, cypher_analyses
from graph_service.analyses.rendering import plain_rows
from graph_service.auth.masking import shown_name
from graph_service.db.runner import Row, Runner
from graph_service.errors import NotFound


def catalogue() -> dict[str, Analysis]:
    """Every analysis the service offers: the Cypher files, then the graph computations."""
    return {**cypher_analyses(), **{name: c.analysis for name, c in computations.ALL.items()}}


def find(name: str) -> Analysis:
    """The analysis called `name`, or NotFound listing the names there are."""
    analysis = catalogue().get(name)
    if analysis is None:
        raise NotFound(f"no analysis named {name!r}; GET /api/v1/analyses lists them")
    return analysis


def run(db: Runner, analysis: Analysis, params: dict[str, Any]) -> tuple[list[str], list[Row]]:
    """Columns and every row of one analysis with coerced parameters (a read transaction)."""
    if analysis.kind == "graph":
        return computations.ALL[analysis.name].run(db, params)
    return db.read_table(f"analyses/{analysis.name}", params, metadata={"analysis": analysis.name})


def plain_answer(
    db: Runner, analysis: Analysis, params: dict[str, Any]
) -> tuple[list[str], list[Row]]:
    """`run`, with every value made plain for JSON (ISO dates, NaN as null) once, and the
    names that are addresses (a household's room) masked."""
    columns, rows = run(db, analysis, params)
    if "label" in columns and "name" in columns:
        rows = [{**row, "name": shown_name(row["label"], row["name"])} for row in rows]
    return columns, plain_rows(rows)
