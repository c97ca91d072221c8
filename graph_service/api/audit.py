"""`GET /api/v1/audit`: the audit trail, for the audit administrator only (filter, page, CSV),
and `GET /audit`, the page that shows it in a browser (static/audit.html)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel

from graph_service.api.explorer import STATIC_DIR
from graph_service.auth.audit import AuditTrail, records_csv
from graph_service.auth.policy import requires
from graph_service.errors import BadRequest

router = APIRouter(tags=["audit"])


class AuditPage(BaseModel):
    total: int
    limit: int
    offset: int
    records: list[dict[str, Any]]


def _instant(value: str | None, name: str) -> float | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value).timestamp()
    except ValueError:
        raise BadRequest(
            f"{name}: give a date or time like 2026-11-30T08:00", parameter=name
        ) from None


@router.get(
    "/audit",
    response_class=HTMLResponse,
    include_in_schema=False,
    dependencies=[requires("audit:read", page=True)],
)
def audit_page() -> HTMLResponse:
    """The audit page (审计记录, zh/en): filter by account, action and time, pages of 100, and
    the filtered records as CSV; a browser that is not signed in is sent to sign in first."""
    html = (STATIC_DIR / "audit.html").read_text(encoding="utf-8")
    return HTMLResponse(html, media_type="text/html; charset=utf-8")


@router.get(
    "/api/v1/audit",
    response_model=AuditPage,
    responses={200: {"content": {"text/csv": {}}}},
    dependencies=[requires("audit:read", scoped=True)],
)
def audit_records(
    request: Request,
    account: Annotated[str | None, Query(description="only this account")] = None,
    action: Annotated[str | None, Query(description="only this action, e.g. export")] = None,
    since: Annotated[str | None, Query(description="from this ISO date/time (UTC if bare)")] = None,
    until: Annotated[str | None, Query(description="before this ISO date/time")] = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> AuditPage | Response:
    """Audit records, newest first: who did what to which data, when, from where, with what
    result. `graph-service audit verify` checks that none was edited, deleted or reordered."""
    trail: AuditTrail = request.app.state.audit
    total, rows = trail.records(
        account=account,
        action=action,
        since=_instant(since, "since"),
        until=_instant(until, "until"),
        limit=limit,
        offset=offset,
    )
    if format == "csv":
        return Response(
            records_csv(rows).encode("utf-8"),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="audit.csv"'},
        )
    return AuditPage(total=total, limit=limit, offset=offset, records=rows)
