"""The rectification ledger (整改台账): cases, their changes and comments, and per-scope figures.

Cases open and close themselves with each snapshot (`graph_service.ledger.cases`); here people
filter them, change their status (整改中, 已忽略 with a reason), owner and deadline, comment,
and read the figures dashboards show.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from graph_service.analyses.rules import RULE_BY_NAME, RULES
from graph_service.api.candidates import case_link
from graph_service.api.dependencies import GraphDb
from graph_service.api.history import parse_scope, scoped_place
from graph_service.auth.accounts import Principal
from graph_service.auth.policy import requires
from graph_service.auth.scope import check_in_scope, scope_of
from graph_service.db.runner import Runner
from graph_service.errors import BadRequest, NotFound
from graph_service.history.snapshots import latest
from graph_service.ledger import changes
from graph_service.ledger.cases import OPEN, OWNER_ROLE_ZH, STATUS_ZH
from graph_service.ledger.changes import STATUS_CODES
from graph_service.ledger.stats import LedgerStats, by_scope

router = APIRouter(prefix="/api/v1/ledger", tags=["ledger"])
# Every ledger answer keeps to the caller's scope (the cases of its place).
Reader = Annotated[Principal | None, requires("history:read", scoped=True)]
Handler = Annotated[Principal | None, requires("ledger:write", scoped=True)]
Status = Literal["new", "in_progress", "rectified", "ignored"]
CHILD = {"Street": "Community", "Community": "Grid", "Grid": None}


class Case(BaseModel):
    id: int
    rule: str
    rule_zh: str
    entity: str = Field(description="node key of what the finding is about, e.g. Stairwell:S001")
    entity_name: str | None = Field(description="null for people (personal information)")
    street: str | None
    community: str | None
    grid: str | None
    status: Status
    status_zh: str
    owner: str | None = Field(description="node key of the owner (a person, or a department)")
    owner_role: str | None
    owner_role_zh: str | None
    owner_by: Literal["role", "hand"] = Field(description="derived from the graph, or set by hand")
    deadline: str | None
    reason: str | None = Field(description="why it was ignored (已忽略)")
    opened_snapshot: int
    opened_on: str
    last_seen_snapshot: int
    closed_snapshot: int | None
    closed_on: str | None
    evidence: dict[str, Any] = Field(description="the finding's row when the case opened")
    candidates: str | None = Field(
        None,
        description="for an uncovered stairwell or an overloaded member: where to ask who could "
        "take the stairwell or the excess (GET /api/v1/candidates)",
    )


class CaseEvent(BaseModel):
    at: str
    snapshot: int | None
    kind: str = Field(description="opened, closed, status, owner, deadline, comment")
    text: str
    account: str | None


class CaseDetail(Case):
    events: list[CaseEvent]


class CasePage(BaseModel):
    total: int
    limit: int
    offset: int
    cases: list[Case]


class CaseChange(BaseModel):
    """What to change; every key is optional, each change becomes an event of the case."""

    status: str | None = Field(
        None, description="new, in_progress or ignored (or 新发现, 整改中, 已忽略)"
    )
    reason: str | None = Field(None, max_length=500, description="required to ignore a case")
    owner: str | None = Field(
        None, description="a Person or Department key; 'role' goes back to the owner by role"
    )
    deadline: dt.date | None = None
    comment: str | None = Field(None, max_length=2000)


class Stats(BaseModel):
    scope: str
    month: str
    summary: LedgerStats
    children: list[LedgerStats] = Field(description="communities of a street, grids of a community")


class RuleOut(BaseModel):
    name: str
    zh: str
    analysis: str
    owner: str


def _case(item: dict[str, Any]) -> Case:
    return Case(
        **{
            **{name: None for name in Case.model_fields},
            **item,
            "rule_zh": RULE_BY_NAME[item["rule"]].zh
            if item["rule"] in RULE_BY_NAME
            else item["rule"],
            "status_zh": STATUS_ZH[item["status"]],
            "owner_role_zh": OWNER_ROLE_ZH.get(item.get("owner_role") or ""),
            "evidence": json.loads(item.get("evidence") or "{}"),
            "candidates": case_link(item["rule"], item["entity"]),
        }
    )


def _scope_filters(scope: str | None) -> dict[str, str | None]:
    where = parse_scope(scope)
    filters: dict[str, str | None] = {"street": None, "community": None, "grid": None}
    if where:
        filters[where[0].lower()] = where[1]
    return filters


@router.get("/rules", response_model=list[RuleOut])
def list_rules(_: Reader) -> list[RuleOut]:
    """The gap rules whose findings become cases, and whose each finding goes to."""
    return [RuleOut(name=r.name, zh=r.zh, analysis=r.analysis, owner=r.owner) for r in RULES]


@router.get("/cases", response_model=CasePage, responses={422: {}, 503: {}})
def list_cases(
    request: Request,
    who: Reader,
    db: GraphDb,
    scope: Annotated[str | None, Query(description="Street:…, Community:… or Grid:…")] = None,
    rule: Annotated[str | None, Query(description="a rule name (GET /api/v1/ledger/rules)")] = None,
    status: Annotated[
        str | None, Query(description="new, in_progress, rectified, ignored, or open (not closed)")
    ] = None,
    owner: Annotated[str | None, Query(description="owner key, e.g. Person:P0001")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> CasePage:
    """Cases, newest first, filtered by scope, rule, status and owner (an account limited to a
    place: its place's cases, or those of a place inside it)."""
    scope = scoped_place(request, who, db, scope)
    if rule is not None and rule not in RULE_BY_NAME:
        raise BadRequest(
            f"rule: {rule!r} is not one of {', '.join(RULE_BY_NAME)}", parameter="rule"
        )
    if status is not None and status != "open" and status not in STATUS_CODES:
        raise BadRequest(
            f"status: {status!r} is not one of open, {', '.join(STATUS_ZH)}", parameter="status"
        )
    statuses = list(OPEN) if status == "open" else [STATUS_CODES[status]] if status else None
    params = {
        **_scope_filters(scope),
        "rule": rule,
        "statuses": statuses,
        "owner": owner,
        "limit": limit,
        "offset": offset,
    }
    [row] = db.run("ledger/cases", params, metadata={"endpoint": "ledger"})
    return CasePage(
        total=row["total"], limit=limit, offset=offset, cases=[_case(c) for c in row["cases"]]
    )


def _own(who: Principal | None) -> dict[str, str | None]:
    """The case filters of the caller's own scope (none for the whole territory)."""
    return _scope_filters(who.scope if who else None)


def _detail(db: Runner, case_id: int, who: Principal | None) -> CaseDetail:
    rows = db.run("ledger/case", {"id": case_id, **_own(who)}, metadata={"endpoint": "ledger"})
    if not rows:
        raise NotFound(f"no case {case_id}")
    found = _case(rows[0]["item"])
    events = [CaseEvent(**{**{"snapshot": None, "account": None}, **e}) for e in rows[0]["events"]]
    return CaseDetail(**found.model_dump(), events=events)


@router.get("/cases/{case_id}", response_model=CaseDetail, responses={404: {}})
def get_case(db: GraphDb, who: Reader, case_id: int) -> CaseDetail:
    """One case with its history (opened, changes, comments, closed)."""
    return _detail(db, case_id, who)


@router.patch("/cases/{case_id}", response_model=CaseDetail, responses={404: {}, 409: {}, 422: {}})
def change_case(
    request: Request, who: Handler, db: GraphDb, case_id: int, body: CaseChange
) -> CaseDetail:
    """Change a case's status (整改中, or 已忽略 with a reason, or back to 新发现), owner or
    deadline, or add a comment. A case closes only when a later snapshot no longer finds its
    gap (已整改 cannot be set by hand), and a closed case takes comments only. Each change is
    an event naming the account; an account limited to a place changes its place's cases."""
    changes.change_case(
        db,
        case_id,
        **body.model_dump(),
        account=who.account if who else None,
        own=_own(who),
        check_owner=lambda key: check_in_scope(scope_of(request, who, db), [key], "owner"),
    )
    return _detail(db, case_id, who)


@router.get("/stats", response_model=Stats, responses={422: {}, 503: {}})
def ledger_stats(
    request: Request,
    who: Reader,
    db: GraphDb,
    scope: Annotated[str, Query(description="Street:…, Community:… or Grid:…")],
    month: Annotated[
        str | None,
        Query(
            pattern=r"^\d{4}-\d{2}$", description="YYYY-MM; default: the latest snapshot's month"
        ),
    ] = None,
) -> Stats:
    """Open, overdue, closed this month, rectification rate and median days to close, for the
    scope and each community (of a street) or grid (of a community) in it."""
    scope = scoped_place(request, who, db, scope) or scope
    place = parse_scope(scope)
    if place is None:  # an empty scope: the statistics are of a place, so one must be named
        raise BadRequest("scope: name a place, e.g. Street:ST01", parameter="scope")
    level = place[0]
    newest = latest(db)
    month = month or (newest.as_of[:7] if newest else dt.date.today().isoformat()[:7])
    rows = db.run("ledger/stats-rows", _scope_filters(scope), metadata={"endpoint": "ledger"})
    summary, children = by_scope(scope, CHILD[level], rows, month, dt.date.today())
    return Stats(scope=scope, month=month, summary=summary, children=children)
