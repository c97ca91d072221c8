"""`/api/v1/drill`: a wartime drill and its cover plan; `/api/v1/drill/apply` makes the cover.

A drill is a read: it says what goes dark and proposes who covers it (JSON, or the 包干表 as
.xlsx with `format=xlsx`). Nothing is written until the caller sends the assignments it
accepts to `/api/v1/drill/apply`, which re-checks them in the write transaction that makes
them (all or none). Reading a drill needs `plans:plan` (the analysts and community
secretaries; an account limited to a place is refused: the answer spans communities), applying
a cover `plans:apply`, like the rebalance plan. Names and phones go through `auth.masking`:
phones are masked in every answer and in the 包干表.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from graph_service.algorithms.cover import Capacity
from graph_service.analyses import drill_table
from graph_service.analyses.drill import (
    LABELS,
    WARTIME_PLACES_PER_PERSON,
    CoverAssignment,
    Drill,
    apply_cover,
    run_drill,
)
from graph_service.analyses.projections import split_key
from graph_service.api.dependencies import GraphDb, graph_changed, runner
from graph_service.api.load_parameters import (
    HOUSEHOLD_LIMIT,
    RECENT_DAYS,
    STAIRWELL_LIMIT,
    HouseholdLimit,
    RecentDays,
    StairwellLimit,
    node_id,
)
from graph_service.auth.accounts import Principal
from graph_service.auth.policy import requires
from graph_service.errors import BadRequest

router = APIRouter(prefix="/api/v1", tags=["plans"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class DarkPlaceOut(BaseModel):
    key: str
    kind: Literal["stairwell", "building", "checkpoint"]
    name: str | None
    households: int | None
    grid_id: str | None
    grid: str | None
    community_id: str | None
    community: str | None
    lost: list[str] = Field(description="the person keys who held it")


class AreaOut(BaseModel):
    community_id: str | None
    community: str | None
    grid_id: str | None
    grid: str | None
    stairwells: int
    buildings: int
    checkpoints: int
    households: int


class AssignmentOut(BaseModel):
    place_key: str
    person_key: str
    name: str | None
    phone: str | None = Field(description="masked")
    role: str
    nearness: Literal["stairwell", "building", "grid", "community"]


class UncoveredOut(BaseModel):
    place_key: str
    reason: Literal["too_big", "no_one_near", "all_full"]
    detail: str


class DrillOut(BaseModel):
    recalled: list[dict[str, str | int | None]]
    people_out: int
    dark: dict[str, int] = Field(description="stairwells, buildings, checkpoints, households")
    places: list[DarkPlaceOut]
    areas: list[AreaOut]
    cover: list[AssignmentOut]
    uncovered: list[UncoveredOut]
    capacity: dict[str, int]
    applied: bool = False


class AssignmentIn(BaseModel):
    place_key: str
    person_key: str


class DrillApply(BaseModel):
    recall: list[str] = Field(default=[], description="Department keys, or `city`")
    remove: list[str] = Field(default=[], description="Person keys")
    assignments: list[AssignmentIn] = Field(min_length=1, max_length=5000)


class DrillApplied(BaseModel):
    assignments: list[AssignmentIn]
    applied: bool


def parse_recall(recall: list[str], remove: list[str]) -> tuple[list[str], bool, list[str]]:
    """Department ids, whether all city-level ones are recalled, and person ids."""
    departments, city, people = [], False, []
    for text in recall:
        if text == "city":
            city = True
            continue
        departments.append(node_id(text, "Department", "recall"))
    people = [node_id(text, "Person", "remove") for text in remove]
    if not (departments or city or people):
        raise BadRequest(
            "recall: name departments (Department:D01, or `city` for all city-level ones) "
            "or people to remove (Person:P0001)",
            parameter="recall",
        )
    return departments, city, people


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class DepartmentOut(BaseModel):
    id: str
    key: str
    name: str | None
    level: str | None
    staff: int


@router.get(
    "/drill/departments",
    response_model=list[DepartmentOut],
    responses={503: {}},
    dependencies=[requires("plans:plan")],
)
def drill_departments(db: GraphDb) -> list[DepartmentOut]:
    """Every department a drill can recall, with its level and staff count."""
    return [DepartmentOut(**row) for row in db.run("drill/department-list")]


@router.get(
    "/drill",
    response_model=DrillOut,
    responses={200: {"content": {XLSX: {}}}, 404: {}, 422: {}, 503: {}},
    dependencies=[requires("plans:plan")],
)
def drill(
    request: Request,
    db: GraphDb,
    recall: Annotated[
        str,
        Query(description="comma-separated Department keys; `city` recalls every city-level one"),
    ] = "",
    remove: Annotated[str, Query(description="comma-separated Person keys taken out")] = "",
    wartime_places: Annotated[
        int, Query(ge=1, le=100, description="buildings and checkpoints one person may hold")
    ] = WARTIME_PLACES_PER_PERSON,
    stairwell_limit: StairwellLimit = STAIRWELL_LIMIT,
    household_limit: HouseholdLimit = HOUSEHOLD_LIMIT,
    recent_days: RecentDays = RECENT_DAYS,
    format: Annotated[Literal["json", "xlsx"], Query(description="json, or the 包干表")] = "json",
    lang: Annotated[Literal["zh", "en"], Query(description="table headers")] = "zh",
) -> DrillOut | Response:
    """Recall departments (or take people out): every stairwell, building and checkpoint that
    goes dark, the households behind them per community and grid, and a proposed cover (one
    person per place, nearest first, within capacity; min-cost flow). Nothing is written:
    send the assignments you accept to /api/v1/drill/apply."""
    departments, city, people = parse_recall(_split(recall), _split(remove))
    capacity = Capacity(wartime_places, stairwell_limit, household_limit)
    result = run_drill(db, departments, city, people, capacity, recent_days)
    if format == "xlsx":
        request.state.audit_action = "export"  # a table of people leaves the service
        return Response(
            drill_table.workbook(result, lang),
            media_type=XLSX,
            headers={"Content-Disposition": 'attachment; filename="drill-assignments.xlsx"'},
        )
    return render(result)


def render(result: Drill) -> DrillOut:
    counts = {kind: 0 for kind in ("stairwell", "building", "checkpoint")}
    for dark in result.places:
        counts[dark.place.kind] += 1
    return DrillOut(
        recalled=[dict(row) for row in result.departments],
        people_out=len(result.people_out),
        dark={f"{kind}s": n for kind, n in counts.items()} | {"households": result.households},
        places=[
            DarkPlaceOut(
                key=dark.place.key,
                kind=dark.place.kind,
                name=dark.name,
                households=dark.place.households if dark.place.kind != "checkpoint" else None,
                grid_id=dark.place.grid_id,
                grid=dark.grid,
                community_id=dark.place.community_id,
                community=dark.community,
                lost=list(dark.lost),
            )
            for dark in result.places
        ],
        areas=[AreaOut(**vars(area)) for area in result.areas],
        cover=[
            AssignmentOut(
                place_key=a.place,
                person_key=a.person,
                name=result.people[a.person].name,
                phone=result.people[a.person].phone,
                role=result.people[a.person].role,
                nearness=a.nearness,
            )
            for a in result.cover.assignments
        ],
        uncovered=[
            UncoveredOut(place_key=place, reason=why[0], detail=why[1])
            for place, why in sorted(result.cover.uncovered.items())
        ],
        capacity=vars(result.capacity),
    )


@router.post(
    "/drill/apply",
    response_model=DrillApplied,
    responses={
        409: {"description": "another import or plan is writing"},
        404: {},
        422: {},
        503: {},
    },
)
def apply_drill(
    body: DrillApply,
    request: Request,
    who: Annotated[Principal | None, requires("plans:apply")],
) -> DrillApplied:
    """Make the accepted cover assignments in one write transaction: all of them, or none if
    any no longer fits (its place is not dark any more, its person is gone or taken out)."""
    departments, city, people = parse_recall(body.recall, body.remove)
    kinds = {label: kind for kind, label in LABELS.items()}
    assignments = []
    for index, item in enumerate(body.assignments):
        try:
            (place_label, place_id), (person_label, person_id) = (
                split_key(item.place_key),
                split_key(item.person_key),
            )
        except ValueError:
            raise BadRequest(
                f"assignments[{index}]: keys look like Building:B0001 and Person:P0001",
                parameter="assignments",
            ) from None
        if place_label not in kinds or person_label != "Person":
            raise BadRequest(
                f"assignments[{index}]: a Person takes a Stairwell, Building or Checkpoint",
                parameter="assignments",
            )
        assignments.append(CoverAssignment(kinds[place_label], place_id, person_id))
    places = [(a.kind, a.place_id) for a in assignments]
    if len(set(places)) != len(places):
        raise BadRequest("assignments: one person per place", parameter="assignments")
    account = who.account if who else None
    apply_cover(runner(request), departments, city, people, assignments, account)
    graph_changed(request)
    return DrillApplied(assignments=body.assignments, applied=True)
