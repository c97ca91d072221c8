"""The graph's history: snapshots, trends of headline figures, diffs, what was true when."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from graph_service.analyses.rendering import to_csv
from graph_service.api.dependencies import GraphDb
from graph_service.auth.accounts import Principal
from graph_service.auth.policy import requires
from graph_service.auth.scope import Scope, check_in_scope, scope_of
from graph_service.db.runner import Runner
from graph_service.errors import BadRequest, NotFound
from graph_service.history.diff import Diff, csv_rows, diff
from graph_service.history.figures import LEVELS, METRIC_ZH, METRICS, street_scopes
from graph_service.history.snapshots import SnapshotOut, all_snapshots, resolve
from graph_service.history.spans import entity_key, held_at
from graph_service.roster.dictionary import LABELS

router = APIRouter(prefix="/api/v1", tags=["history"])
# Every history answer is fit for an account limited to a place: each keeps to its scope.
Reader = Annotated[Principal | None, requires("history:read", scoped=True)]
SNAPSHOT_REF = (
    "a snapshot id (3), or a date (2026-09-30) or month (2026-09): the last snapshot then"
)


class TrendPoint(BaseModel):
    snapshot: int
    as_of: str
    value: float | None


class Trend(BaseModel):
    scope: str
    name: str | None
    metric: str
    metric_zh: str
    points: list[TrendPoint] = Field(description="one per snapshot, oldest first")


class Trends(BaseModel):
    scope: str
    trends: list[Trend]


class Span(BaseModel):
    kind: str = Field(description="LinkSpan (a link) or EntitySpan (the entity itself)")
    table: str | None = None
    type: str | None = None
    role: str | None = None
    source_label: str | None = None
    source: str | None = None
    target_label: str | None = None
    target: str | None = None
    from_snapshot: int
    to_snapshot: int | None = Field(None, description="the snapshot that ended it; null: holds now")
    from_as_of: str
    to_as_of: str | None


class EntityHistory(BaseModel):
    key: str
    at: SnapshotOut | None = Field(description="with ?at=: only what held at this snapshot")
    spans: list[Span]


def parse_scope(scope: str | None) -> tuple[str, str] | None:
    """`Street:ST01`, `Community:CM01` or `Grid:G0101` (None: the whole graph)."""
    if scope is None or scope == "":
        return None
    level, _, scope_id = scope.partition(":")
    if level not in LEVELS or not scope_id:
        raise BadRequest(
            f"scope: {scope!r} is not like Street:ST01, Community:CM01 or Grid:G0101",
            parameter="scope",
        )
    return level, scope_id


def scoped_place(
    request: Request, who: Principal | None, db: Runner, scope: str | None
) -> str | None:
    """The place a history answer covers: the one asked for, which for an account limited to a
    place must lie in it (404 otherwise, as with a lookup); by default the account's own."""
    parse_scope(scope)
    if who is None or who.scope is None:
        return scope
    if not scope:
        return who.scope
    check_in_scope(scope_of(request, who, db), [scope], "scope")
    return scope


def _for(who: Principal | None, snapshot: SnapshotOut) -> SnapshotOut:
    """A snapshot as an account sees it: the roster's warnings name places anywhere, so an
    account limited to a place gets the counts without them."""
    if who is None or who.scope is None:
        return snapshot
    return snapshot.model_copy(update={"warnings": []})


@router.get("/snapshots", response_model=list[SnapshotOut], responses={503: {}})
def list_snapshots(db: GraphDb, who: Reader) -> list[SnapshotOut]:
    """Every recorded snapshot (one per import that changed the graph, and per applied plan),
    newest first."""
    return [_for(who, snapshot) for snapshot in all_snapshots(db)]


@router.get("/snapshots/{snapshot}", response_model=SnapshotOut, responses={404: {}, 422: {}})
def get_snapshot(db: GraphDb, who: Reader, snapshot: str) -> SnapshotOut:
    """One snapshot, by id or date."""
    return _for(who, resolve(all_snapshots(db), snapshot, "snapshot"))


@router.get("/trends", response_model=Trends, responses={404: {}, 422: {}, 503: {}})
def trends(
    request: Request,
    who: Reader,
    db: GraphDb,
    scope: Annotated[str, Query(description="Street:ST01, Community:CM01 or Grid:G0101")],
    metric: Annotated[
        str | None, Query(description=f"one of {', '.join(METRICS)}; all when absent")
    ] = None,
) -> Trends:
    """A scope's headline figures at every snapshot, oldest first (kept when each snapshot was
    recorded, so a trend never recomputes the past)."""
    scoped_place(request, who, db, scope)
    if metric is not None and metric not in METRICS:
        raise BadRequest(
            f"metric: {metric!r} is not one of {', '.join(METRICS)}", parameter="metric"
        )
    rows = db.run("history/trend", {"scope": scope}, metadata={"endpoint": "trends"})
    if not rows:
        raise NotFound(f"scope: no figures were kept for {scope} (is it a place of the graph?)")
    name = rows[-1]["figures"].get("name")
    return Trends(
        scope=scope,
        trends=[
            Trend(
                scope=scope,
                name=name,
                metric=m,
                metric_zh=METRIC_ZH[m],
                points=[
                    TrendPoint(
                        snapshot=row["figures"]["snapshot"],
                        as_of=row["as_of"],
                        value=row["figures"].get(m),
                    )
                    for row in rows
                ],
            )
            for m in ([metric] if metric else METRICS)
        ],
    )


@router.get(
    "/diff",
    response_model=Diff,
    responses={200: {"content": {"text/csv": {}}}, 404: {}, 422: {}, 503: {}},
)
def get_diff(
    request: Request,
    who: Reader,
    db: GraphDb,
    from_: Annotated[str, Query(alias="from", description=SNAPSHOT_REF)],
    to: Annotated[str | None, Query(description=SNAPSHOT_REF + "; default: the latest")] = None,
    scope: Annotated[
        str | None, Query(description="Street:…, Community:… or Grid:…; default: everything")
    ] = None,
    format: Annotated[Literal["json", "csv"], Query(description="json or csv")] = "json",
    headers: Annotated[Literal["en", "zh"], Query(description="CSV headers: en or zh")] = "en",
) -> Diff | Response:
    """What changed from one snapshot to another: places, people and organisations added or
    removed, links added, removed or reassigned (stairwell S moved from liaison A to B), and
    every headline figure of the scope before and after. An account limited to a place gets
    its place's changes (and may name a place inside it)."""
    scope = scoped_place(request, who, db, scope)
    snapshots = all_snapshots(db)
    old = resolve(snapshots, from_, "from")
    new = resolve(snapshots, to, "to") if to else snapshots[0]
    where = parse_scope(scope)
    figure_scopes = [scope] if scope else street_scopes(db, new.id)
    found = diff(db, old, new, where, figure_scopes)
    if format == "json":
        return found
    columns, rows = csv_rows(found, chinese=headers == "zh")
    name = f"diff-{old.id}-{new.id}.csv"
    return Response(
        to_csv(columns, rows).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get(
    "/history/{label}/{node_id}", response_model=EntityHistory, responses={404: {}, 422: {}}
)
def entity_history(
    request: Request,
    who: Reader,
    db: GraphDb,
    label: str,
    node_id: str,
    at: Annotated[str | None, Query(description=SNAPSHOT_REF + "; default: all time")] = None,
) -> EntityHistory:
    """What was true when: every programme link of a place, person or organisation with the
    snapshots it held from and to (`?at=2026-09`: only what held then, e.g. who covered this
    stairwell in September). An account limited to a place asks about what its place holds
    and gets the links within it."""
    if label not in LABELS:
        raise NotFound(f"no label {label!r}")
    scope = scope_of(request, who, db)
    check_in_scope(scope, [entity_key(label, node_id)], "node")
    snapshots = all_snapshots(db)
    when = resolve(snapshots, at, "at") if at else None
    rows = db.run("history/spans-of", {"id": node_id, "key": entity_key(label, node_id)})
    spans = [
        row["span"]
        for row in rows
        if _is_of(row["span"], label, node_id) and _within(scope, row["span"])
    ]
    if not spans:
        raise NotFound(f"no history for {label}:{node_id}")
    dates = {s.id: s.as_of for s in snapshots}
    held = [s for s in spans if when is None or held_at(s, when.id)]
    return EntityHistory(
        key=entity_key(label, node_id),
        at=when,
        spans=[
            Span(
                **{k: v for k, v in s.items() if k in Span.model_fields},
                from_as_of=dates.get(s["from_snapshot"], ""),
                to_as_of=dates.get(s["to_snapshot"]) if s.get("to_snapshot") else None,
            )
            for s in held
        ],
    )


def _within(scope: Scope, span: dict[str, Any]) -> bool:
    """A link whose both ends lie in `scope` (an entity's own span always does)."""
    if span["kind"] == "EntitySpan":
        return True
    ends = (f"{span['source_label']}:{span['source']}", f"{span['target_label']}:{span['target']}")
    return all(scope.allows(end) for end in ends)


def _is_of(span: dict[str, Any], label: str, node_id: str) -> bool:
    """Ids are unique per label only: keep the spans whose end with this id has this label."""
    if span["kind"] == "EntitySpan":
        return True
    return bool(
        (span["source"] == node_id and span["source_label"] == label)
        or (span["target"] == node_id and span["target_label"] == label)
    )
