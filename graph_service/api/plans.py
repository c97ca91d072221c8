"""`/api/v1/what-if` and `/api/v1/plans/rebalance`: try a loss, plan a rebalance, apply a plan.

A rebalance plan is computed and returned; nothing changes until the caller sends the moves it
accepts to `/api/v1/plans/rebalance/apply`. That endpoint re-checks every move against the
graph in the same write transaction that makes them (`analyses.plans.apply_moves`): if any no
longer fits (the giver no longer liaises with the stairwell, the receiver is gone or already
liaises with it), nothing is written and the 422 lists each stale move.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from graph_service.algorithms.rebalance import Reason
from graph_service.analyses import limits
from graph_service.analyses.plans import Move, apply_moves, propose
from graph_service.analyses.projections import split_key
from graph_service.analyses.what_if import loss_of
from graph_service.api.dependencies import graph_changed, runner
from graph_service.auth.accounts import Principal
from graph_service.auth.policy import requires
from graph_service.auth.scope import check_in_scope, scope_of
from graph_service.errors import BadRequest

router = APIRouter(prefix="/api/v1", tags=["plans"])
REMOVABLE = ("Person", "Department")


class StairwellRef(BaseModel):
    key: str
    name: str | None
    households: int
    grid_id: str | None
    community_id: str | None


class WartimePlaceRef(BaseModel):
    key: str
    label: Literal["Building", "Checkpoint"]
    name: str | None
    grid_id: str | None
    community_id: str | None


class WhatIf(BaseModel):
    removed: list[str]
    people_lost: int = Field(description="liaisons lost (a department takes its staff)")
    uncovered_stairwells: int
    uncovered_households: int
    stairwells: list[StairwellRef]
    dark_buildings: int = Field(description="buildings left with no named wartime person")
    dark_checkpoints: int = Field(description="checkpoints left with no named wartime person")
    wartime_places: list[WartimePlaceRef]


class MoveOut(BaseModel):
    stairwell_key: str
    from_key: str
    to_key: str


class Load(BaseModel):
    person_key: str
    load: int = Field(description="stairwells the member looks after")
    households: int


class Unresolved(Load):
    reason: Reason
    detail: str


_STAIRWELLS, _HOUSEHOLDS = limits.stairwell_limit(), limits.household_limit()


class RebalanceRequest(BaseModel):
    scope: Literal["grid", "community"] = "grid"
    stairwell_limit: int = Field(
        _STAIRWELLS.default, ge=1, le=_STAIRWELLS.high, description=_STAIRWELLS.description
    )
    household_limit: int = Field(
        _HOUSEHOLDS.default, ge=1, le=_HOUSEHOLDS.high, description=_HOUSEHOLDS.description
    )


class RebalancePlan(BaseModel):
    scope: str
    stairwell_limit: int
    household_limit: int
    moves: list[MoveOut]
    before: list[Load]
    after: list[Load]
    unresolved: list[Unresolved] = Field(
        description="members still over a limit after the plan, and why"
    )
    names: dict[str, str | None] = Field(
        description="the name of every stairwell and person the plan names, by key"
    )
    applied: bool = False


class ApplyRequest(BaseModel):
    moves: list[MoveOut] = Field(min_length=1, max_length=5000)


class Applied(BaseModel):
    moves: list[MoveOut]
    applied: bool


Planner = Annotated[Principal | None, requires("plans:plan", scoped=True)]


@router.get("/what-if", response_model=WhatIf, responses={404: {}, 422: {}, 503: {}})
def what_if_removed(
    request: Request,
    who: Planner,
    remove: Annotated[str, Query(description="comma-separated Person/Department keys")],
) -> WhatIf:
    """Which stairwells and households lose their last liaison, and which buildings and
    checkpoints their last named wartime person, if these people and departments are lost (a
    department takes its staff with it). An account limited to a place may remove only people
    and departments of its place, and sees what goes dark in it."""
    keys = [part.strip() for part in remove.split(",") if part.strip()]
    if not keys:
        raise BadRequest("remove: name at least one key, e.g. Person:P0001", parameter="remove")
    for node_key in keys:
        try:
            label, _ = split_key(node_key)
        except ValueError:
            raise BadRequest(
                f"remove: {node_key!r} is not a key like Person:P0001", parameter="remove"
            ) from None
        if label not in REMOVABLE:
            raise BadRequest(
                f"remove: only {' and '.join(REMOVABLE)} keys can be removed, not {label}",
                parameter="remove",
            )
    db = runner(request)
    scope = scope_of(request, who, db)
    check_in_scope(scope, keys, "remove")
    loss = loss_of(db, keys)
    stairwells = [row for row in loss.stairwells if scope.allows(row["key"])]
    dark = [row for row in loss.wartime_places if scope.allows(row["key"])]
    return WhatIf(
        removed=keys,
        people_lost=len(scope.keep(loss.people_lost)),
        uncovered_stairwells=len(stairwells),
        uncovered_households=sum(row["households"] for row in stairwells),
        stairwells=[StairwellRef(**row) for row in stairwells],
        dark_buildings=sum(row["label"] == "Building" for row in dark),
        dark_checkpoints=sum(row["label"] == "Checkpoint" for row in dark),
        wartime_places=[WartimePlaceRef(**row) for row in dark],
    )


@router.post("/plans/rebalance", response_model=RebalancePlan, responses={422: {}, 503: {}})
def plan_rebalance(body: RebalanceRequest, request: Request, who: Planner) -> RebalancePlan:
    """A plan moving stairwells from members over the stairwell or household limit to members
    with room under both, in the same grid (or community); `unresolved` names who it cannot
    help and why. Nothing is written: send the moves you accept to
    /api/v1/plans/rebalance/apply. An account limited to a place gets the moves of its
    stairwells and the loads of its members (moves never leave a grid or community)."""
    db = runner(request)
    scope = scope_of(request, who, db)
    proposal = propose(db, body.stairwell_limit, body.scope, body.household_limit)
    plan = proposal.plan
    moves = [m for m in plan.moves if scope.allows(m.stairwell)]
    before, after = (
        [
            Load(person_key=p, load=n.stairwells, households=n.households)
            for p, n in loads.items()
            if scope.allows(p)
        ]
        for loads in (plan.before, plan.after)
    )
    unresolved = [
        Unresolved(
            person_key=p,
            load=why.load.stairwells,
            households=why.load.households,
            reason=why.reason,
            detail=why.detail,
        )
        for p, why in plan.unresolved.items()
        if scope.allows(p)
    ]
    named = {m.stairwell for m in moves} | {x.person_key for x in before + unresolved}
    return RebalancePlan(
        scope=body.scope,
        stairwell_limit=body.stairwell_limit,
        household_limit=body.household_limit,
        moves=[
            MoveOut(stairwell_key=m.stairwell, from_key=m.giver, to_key=m.receiver) for m in moves
        ],
        before=before,
        after=after,
        unresolved=unresolved,
        names={node: name for node, name in proposal.names.items() if node in named},
    )


@router.post(
    "/plans/rebalance/apply",
    response_model=Applied,
    responses={
        404: {},
        409: {"description": "another import or plan is writing"},
        422: {},
        503: {},
    },
)
def apply_rebalance(
    body: ApplyRequest,
    request: Request,
    who: Annotated[Principal | None, requires("plans:apply", scoped=True)],
) -> Applied:
    """Make the given moves in one write transaction: all of them, or none if any is stale.
    An account limited to a place may move only stairwells and people of its place."""
    moves = []
    for index, move in enumerate(body.moves):
        try:
            parts = [split_key(k) for k in (move.stairwell_key, move.from_key, move.to_key)]
        except ValueError:
            raise BadRequest(
                f"moves[{index}]: keys look like Person:P0001", parameter="moves"
            ) from None
        if [label for label, _ in parts] != ["Stairwell", "Person", "Person"]:
            raise BadRequest(
                f"moves[{index}]: a move takes a Stairwell from one Person to another",
                parameter="moves",
            )
        moves.append(Move(stairwell_id=parts[0][1], from_id=parts[1][1], to_id=parts[2][1]))
    given = [(move.stairwell_id, move.from_id) for move in moves]
    if len(set(given)) != len(given):
        raise BadRequest("moves: a stairwell can leave one person only once", parameter="moves")
    db = runner(request)
    check_in_scope(
        scope_of(request, who, db),
        [k for m in body.moves for k in (m.stairwell_key, m.from_key, m.to_key)],
        "moves",
    )
    apply_moves(db, moves, who.account if who else None)
    graph_changed(request)  # the loads changed: cached answers are stale
    return Applied(moves=body.moves, applied=True)
