"""`/api/v1/analyses`: the catalogue, and running one analysis (route → runner → renderer)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from graph_service.analyses.answers import catalogue, find, plain_answer
from graph_service.analyses.catalogue import Analysis
from graph_service.analyses.rendering import page, plain_rows, to_csv
from graph_service.api.dependencies import AnswerCache, GraphDb, Reads
from graph_service.auth.accounts import Principal
from graph_service.auth.policy import requires
from graph_service.auth.scope import WHOLE, scope_async, scoped_rows
from graph_service.db.async_reader import AsyncReader, read_rows
from graph_service.db.runner import Runner
from graph_service.errors import NotFound
from graph_service.roster.dictionary import NODE_TABLES

router = APIRouter(prefix="/api/v1", tags=["analyses"])
DEFAULT_PAGE = 100
MAX_PAGE = 10_000


class Title(BaseModel):
    zh: str
    en: str


class ParameterInfo(BaseModel):
    name: str
    type: str
    default: Any
    description: str
    choices: list[str] | None = None
    minimum: float | None = None
    maximum: float | None = None


class AnalysisInfo(BaseModel):
    name: str
    title: Title
    description: str
    parameters: list[ParameterInfo]
    kind: Literal["cypher", "graph"]


class AnalysisList(BaseModel):
    analyses: list[AnalysisInfo]


class AnalysisResult(BaseModel):
    name: str
    title: Title
    parameters: dict[str, Any]
    columns: list[str]
    rows: list[dict[str, Any]]
    total: int
    limit: int | None
    offset: int


def _info(analysis: Analysis) -> AnalysisInfo:
    return AnalysisInfo(
        name=analysis.name,
        title=Title(zh=analysis.title_zh, en=analysis.title_en),
        description=analysis.description,
        parameters=[ParameterInfo(**param.describe()) for param in analysis.params],
        kind=analysis.kind,
    )


def answer_key(analysis: Analysis, params: dict[str, Any]) -> tuple[str, str]:
    """The result cache's key of one answer."""
    return analysis.name, repr(sorted(params.items()))


def default_answers(db: Runner) -> list[tuple[Hashable, Callable[[], Any]]]:
    """Every analysis with its default parameters, as the result cache keeps them per graph."""
    jobs: list[tuple[Hashable, Callable[[], Any]]] = []
    for analysis in catalogue().values():
        params = analysis.coerce({})
        jobs.append((answer_key(analysis, params), partial(plain_answer, db, analysis, params)))
    return jobs


# A parameter named after a node table's id (community_id, grid_id...) names a node of it.
ID_PARAMETERS = {f"{table.en.replace(' ', '_')}_id": table.label for table in NODE_TABLES}


async def _check_ids(reads: AsyncReader | None, db: Runner, params: dict[str, Any]) -> None:
    """NotFound for a parameter naming a node that does not exist: `?community_id=CM99` is a
    mistake to report, not a community without gaps."""
    for name, value in params.items():
        label = ID_PARAMETERS.get(name)
        if label is None or value is None:
            continue
        tokens = {"label": label}
        [row] = await read_rows(reads, db, "entities/exists", {"id": value}, tokens=tokens)
        if not row["found"]:
            raise NotFound(f"{name}: no {label} has the id {value!r}", parameter=name)


@router.get(
    "/analyses", response_model=AnalysisList, dependencies=[requires("analyses:list", scoped=True)]
)
async def list_analyses() -> AnalysisList:
    """Every named analysis with its titles, description and declared parameters."""
    return _listing()


@functools.cache
def _listing() -> AnalysisList:  # the catalogue is read once, at start
    return AnalysisList(analyses=[_info(analysis) for analysis in catalogue().values()])


@router.get(
    "/analyses/{name}",
    response_model=AnalysisResult,
    responses={
        200: {"content": {"text/csv": {}}, "description": "rows as JSON, or CSV with a BOM"},
        404: {"description": "no such analysis, or a parameter names an unknown id"},
        422: {"description": "a parameter is wrong; `parameter` names it"},
        503: {"description": "Neo4j does not answer"},
    },
)
async def run_analysis(
    name: str,
    request: Request,
    who: Annotated[Principal | None, requires("analyses:run", scoped=True)],
    db: GraphDb,
    reads: Reads,
    cache: AnswerCache,
    limit: Annotated[int | None, Query(ge=1, le=MAX_PAGE, description="page size")] = None,
    offset: Annotated[int, Query(ge=0, description="rows to skip")] = 0,
    format: Annotated[Literal["json", "csv"], Query(description="json or csv")] = "json",
) -> AnalysisResult | Response:
    """Run one analysis. Its own parameters are query parameters, checked against its header.

    JSON answers one page (default 100 rows) with `total`; CSV answers every row unless
    `limit`/`offset` are given, and starts with a UTF-8 BOM so Excel shows Chinese correctly.
    An account limited to a place gets the rows about places in it (`node_key`, else
    `community_key`, else `stairwell_key`), and refused analyses whose rows are about no place.
    """
    analysis = find(name)
    params = analysis.coerce(dict(request.query_params))
    await _check_ids(reads, db, params)
    # The same question twice costs one query: answers are cached until the graph changes.
    # Rows are cached as plain JSON values: converting them is most of a cached answer's cost.
    # A cached answer is served on the event loop; computing one goes to a worker thread.
    key = answer_key(analysis, params)
    stamp = request.state.graph_state.stamp  # read for this request by `db: GraphDb`
    answer: tuple[list[str], list[dict[str, Any]]] | None = cache.cached(db, key, stamp)
    if answer is None:
        compute = partial(plain_answer, db, analysis, params)
        answer = await run_in_threadpool(cache.get_or_compute, db, key, compute, stamp)
    columns, rows = answer
    # The cache holds the whole territory's answer; each account gets its scope's rows of it.
    scope = await scope_async(request, who, db)
    if scope is not WHOLE:
        rows = await run_in_threadpool(scoped_rows, scope, analysis.name, columns, rows)
    if format == "csv":
        body = await run_in_threadpool(to_csv, columns, page(rows, limit, offset))
        return Response(
            body.encode("utf-8"),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{analysis.name}.csv"'},
        )
    size = limit or DEFAULT_PAGE
    return AnalysisResult(
        name=analysis.name,
        title=Title(zh=analysis.title_zh, en=analysis.title_en),
        parameters=plain_rows([params])[0],
        columns=columns,
        rows=page(rows, size, offset),
        total=len(rows),
        limit=size,
        offset=offset,
    )
