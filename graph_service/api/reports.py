"""`/api/v1/reports`: a place's briefing as a Word or PDF file, made on the server, offline."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from graph_service.api.dependencies import GraphDb
from graph_service.api.history import scoped_place
from graph_service.auth.accounts import Principal
from graph_service.auth.policy import requires
from graph_service.reports.report import MEDIA_TYPES, make

router = APIRouter(prefix="/api/v1", tags=["reports"])


@router.get(
    "/reports",
    # A briefing holds analyses (names of people, a rebalancing plan) and the history and
    # ledger: whoever may read both. An account limited to a place gets briefings of its place
    # or of a community in it: every section of a briefing is about the place it names.
    dependencies=[requires("history:read", scoped=True)],
    response_class=Response,
    responses={
        200: {
            "content": {media: {} for media in MEDIA_TYPES.values()},
            "description": "the briefing as a file (Content-Disposition names it)",
        },
        404: {"description": "no such place, or no figures kept at `since`"},
        422: {"description": "a parameter is wrong; `parameter` names it"},
        503: {"description": "Neo4j does not answer, or the report's fonts are not installed"},
    },
)
def get_report(
    request: Request,
    db: GraphDb,
    who: Annotated[Principal | None, requires("analyses:run", scoped=True)],
    scope: Annotated[str, Query(description="Street:ST01 or Community:CM01")],
    format: Annotated[Literal["docx", "pdf"], Query(description="docx (Word) or pdf")] = "pdf",
    language: Annotated[Literal["zh", "en"], Query(description="zh (default) or en")] = "zh",
    since: Annotated[
        str | None,
        Query(
            description="count changes from this snapshot (id, date or month); default: the "
            "one before the latest"
        ),
    ] = None,
) -> Response:
    """A briefing (简报) of a street or community: headline figures and their change since the
    previous roster, coverage by community and grid (charts and a table), uncovered stairwells
    with their grid heads, overloaded liaisons and the proposed moves, communities missing a
    partner with suggested units, wartime gaps and dependence, the rectification ledger, and a
    picture of the network; in the layout of Chinese official documents (GB/T 9704). An account
    limited to a place may ask for its place or a community in it (404 for any other)."""
    scope = scoped_place(request, who, db, scope) or scope
    report = make(db, scope, format, language=language, since=since)
    if getattr(request.state, "audit_action", None):  # the policy marked it for the trail
        request.state.audit_action = "report"
        request.state.audit_objects = {
            "scope": report.briefing.scope,
            "format": report.format,
            "language": language,
            "rows": report.briefing.row_counts(),
        }
    return Response(
        report.content,
        media_type=report.media_type,
        headers={"Content-Disposition": f'attachment; filename="{report.filename}"'},
    )
