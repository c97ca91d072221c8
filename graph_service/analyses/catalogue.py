"""The catalogue of named analyses: one `.cypher` file under `cypher/analyses/` is one analysis.

An analysis file has the header every query file has (`graph_service.db.queries`):

    // title: 未联系楼道 | Uncovered stairwells
    // description: Stairwells no party member liaises with, with their households and places.
    // mode: read
    // param: community_id str = null -- only this community (null: the whole street)
    // param: stairwell_limit int = 3 in 1..100 -- more stairwells than this is overloaded

and three rules of its own, because the API serves it from request text: it only reads, every
parameter has a default (`null`: an optional filter) and a type a query string can carry (int,
float, str, bool, date), and no parameter takes a name the API keeps for itself (`limit`,
`offset`, `format`). Graph computations (Python, see `graph_service.analyses.computations`)
describe themselves with the same `Analysis` record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from graph_service.db.queries import HeaderError, Param, QueryFile, file_names, parse, query_file
from graph_service.errors import BadRequest

FOLDER = "analyses"
SCALAR_TYPES = ("int", "float", "str", "bool", "date")
# Reserved by the API itself (pagination and format), so no analysis may declare them.
RESERVED = frozenset({"limit", "offset", "format"})

__all__ = ["Analysis", "HeaderError", "Param", "analysis_of", "cypher_analyses", "parse_header"]


@dataclass(frozen=True)
class Analysis:
    """A named analysis: a Cypher file (kind "cypher") or a Python computation (kind "graph")."""

    name: str
    title_zh: str
    title_en: str
    description: str
    params: tuple[Param, ...] = ()
    kind: Literal["cypher", "graph"] = "cypher"
    notes: str = field(default="", compare=False)

    def coerce(self, raw: Mapping[str, str]) -> dict[str, Any]:
        """Every declared parameter from request text (defaults filled in); unknown ones refused."""
        declared = {param.name for param in self.params}
        for name in raw:
            if name not in declared and name not in RESERVED:
                known = ", ".join(sorted(declared)) or "none"
                raise BadRequest(
                    f"{name}: {self.name} has no such parameter (it takes: {known})",
                    parameter=name,
                )
        return {param.name: param.coerce(raw.get(param.name)) for param in self.params}


def analysis_of(query: QueryFile) -> Analysis:
    """The analysis a file of `cypher/analyses/` declares; HeaderError if it breaks a rule."""
    if query.mode != "read":
        raise HeaderError(f"{query.name}: an analysis only reads (mode: read)")
    for param in query.params:
        where = f"{query.name}, parameter {param.name}"
        if param.type not in SCALAR_TYPES:
            raise HeaderError(f"{where}: an analysis takes {', '.join(SCALAR_TYPES)} only")
        if param.required:
            raise HeaderError(f"{where}: an analysis parameter needs a default (null: optional)")
        if param.name in RESERVED:
            raise HeaderError(f"{where}: {param.name!r} is reserved by the API")
    return Analysis(
        name=query.name.removeprefix(f"{FOLDER}/"),
        title_zh=query.title_zh,
        title_en=query.title_en,
        description=query.description,
        params=query.params,
        notes=query.notes,
    )


def parse_header(name: str, text: str) -> Analysis:
    """The `Analysis` the text of `cypher/analyses/<name>.cypher` declares (HeaderError if not)."""
    return analysis_of(parse(f"{FOLDER}/{name}", text))


@lru_cache(maxsize=1)
def cypher_analyses() -> dict[str, Analysis]:
    """Every analysis under `cypher/analyses/`, by name (read once per process)."""
    found = {}
    for name in file_names(FOLDER):
        analysis = analysis_of(query_file(name))
        found[analysis.name] = analysis
    return found
