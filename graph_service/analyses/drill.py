"""The wartime drill: recall departments or take people out, see what goes dark, propose cover.

`run_drill` reads who is taken out (`cypher/drill/taken-out`), the stairwells, buildings and
checkpoints that lose every named person (`drill/dark-places`) and the people left in those
communities (`cover_pool`), then proposes one person per dark place (`algorithms.cover`).
Nothing is written. `apply_cover` makes the assignments a user accepts, all or none, in one
write transaction that first re-checks each against the graph (`drill/check-cover`) and records
the change as a snapshot, as the rebalance plan's apply does.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from graph_service.algorithms.cover import Capacity, Cover, Place, cover_plan
from graph_service.analyses import limits
from graph_service.analyses.cover_pool import DEFAULT_RECENT_DAYS, Person, read_pool
from graph_service.analyses.projections import key
from graph_service.db import derived, writer
from graph_service.db.runner import Row, Runner, Transaction
from graph_service.errors import BadRequest, NotFound
from graph_service.history.recorder import cover_changes, record
from graph_service.history.snapshots import Origin

# ⌈(714 buildings + 36 checkpoints) / 233 cadres⌉: what one cadre held in the programme's
# wartime arrangements (包区清楼).
WARTIME_PLACES_PER_PERSON = 4
LABELS = {"stairwell": "Stairwell", "building": "Building", "checkpoint": "Checkpoint"}


def default_capacity() -> Capacity:
    return Capacity(
        wartime_places=WARTIME_PLACES_PER_PERSON,
        stairwells=limits.stairwell_limit().default,
        households=limits.household_limit().default,
    )


@dataclass(frozen=True)
class DarkPlace:
    place: Place
    name: str | None
    grid: str | None
    community: str | None
    lost: tuple[str, ...]  # person keys who held it


@dataclass(frozen=True)
class AreaLoss:
    """What goes dark in one grid of one community (grid None: checkpoints, unplaced)."""

    community_id: str | None
    community: str | None
    grid_id: str | None
    grid: str | None
    stairwells: int
    buildings: int
    checkpoints: int
    households: int  # behind the dark stairwells and buildings, each household once


@dataclass(frozen=True)
class Drill:
    departments: tuple[Row, ...]  # id, name, level, staff
    people_out: tuple[str, ...]  # person keys
    places: tuple[DarkPlace, ...]
    areas: tuple[AreaLoss, ...]
    households: int
    cover: Cover
    people: dict[str, Person]  # who the cover names
    capacity: Capacity


def taken_out(
    db: Runner | Transaction, department_ids: list[str], person_ids: list[str]
) -> list[str]:
    """Ids of the people a drill takes out (staff of the departments, and those named), read
    on its own or inside a transaction."""
    params = {"department_ids": department_ids, "person_ids": person_ids}
    return [row["id"] for row in db.run("drill/taken-out", params)]


def resolve(
    db: Runner | Transaction, department_ids: list[str], city_level: bool, person_ids: list[str]
) -> tuple[Row, ...]:
    """The recalled departments; NotFound naming every department or person that is not there."""
    departments = db.run(
        "drill/departments", {"department_ids": department_ids, "city_level": city_level}
    )
    found = {row["id"] for row in departments}
    people = {row["id"] for row in db.run("drill/people", {"person_ids": person_ids})}
    unknown = [key("Department", d) for d in department_ids if d not in found]
    unknown += [key("Person", p) for p in person_ids if p not in people]
    if unknown:
        raise NotFound(f"no node named {', '.join(unknown)}")
    return tuple(departments)


def run_drill(
    db: Runner,
    department_ids: list[str],
    city_level: bool = False,
    person_ids: list[str] | None = None,
    capacity: Capacity | None = None,
    recent_days: int = DEFAULT_RECENT_DAYS,
) -> Drill:
    """What goes dark when the departments are recalled (all city-level ones too with
    `city_level`) and the people are taken out, and a proposed cover; nothing is written.
    Raises NotFound naming unknown departments or people."""
    capacity = capacity or default_capacity()
    person_ids = person_ids or []
    departments = resolve(db, department_ids, city_level, person_ids)
    out = taken_out(db, [row["id"] for row in departments], person_ids)
    rows = db.run("drill/dark-places", {"out_ids": out}, metadata={"analysis": "drill"})
    places = tuple(_dark_place(row) for row in rows)
    communities = sorted({p.place.community_id for p in places if p.place.community_id})
    helpers, people = read_pool(db, communities, recent_days)
    gone = {key("Person", person_id) for person_id in out}
    helpers = [helper for helper in helpers if helper.key not in gone]
    cover = cover_plan([p.place for p in places], helpers, capacity)
    areas, households = _areas(places)
    return Drill(
        departments=departments,
        people_out=tuple(sorted(gone)),
        places=places,
        areas=areas,
        households=households,
        cover=cover,
        people={a.person: people[a.person] for a in cover.assignments},
        capacity=capacity,
    )


def _dark_place(row: Row) -> DarkPlace:
    return DarkPlace(
        place=Place(
            key=key(LABELS[row["kind"]], row["id"]),
            kind=row["kind"],
            households=row["households"] or 0,
            community_id=row["community_id"],
            grid_id=row["grid_id"],
            building_id=row["building_id"],
            stairwell_id=row["stairwell_id"],
        ),
        name=row["name"],
        grid=row["grid"],
        community=row["community"],
        lost=tuple(key("Person", person_id) for person_id in row["lost"]),
    )


def _areas(places: tuple[DarkPlace, ...]) -> tuple[tuple[AreaLoss, ...], int]:
    """Per community and grid: the dark places and the households behind them. A dark
    stairwell in a dark building is counted in both lists, its households once."""
    dark_buildings = {p.place.building_id for p in places if p.place.kind == "building"}
    counts: dict[tuple[Any, ...], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for dark in places:
        place = dark.place
        area = (place.community_id, dark.community, place.grid_id, dark.grid)
        counts[area][place.kind + "s"] += 1
        inside_dark_building = place.kind == "stairwell" and place.building_id in dark_buildings
        if place.kind != "checkpoint" and not inside_dark_building:
            counts[area]["households"] += place.households
    areas = tuple(
        AreaLoss(
            community_id=area[0],
            community=area[1],
            grid_id=area[2],
            grid=area[3],
            stairwells=found["stairwells"],
            buildings=found["buildings"],
            checkpoints=found["checkpoints"],
            households=found["households"],
        )
        for area, found in sorted(counts.items(), key=lambda item: tuple(map(str, item[0])))
    )
    return areas, sum(area.households for area in areas)


@dataclass(frozen=True)
class CoverAssignment:
    """One accepted assignment: the person takes the place (kind: stairwell, building,
    checkpoint)."""

    kind: str
    place_id: str
    person_id: str


def apply_cover(
    db: Runner,
    department_ids: list[str],
    city_level: bool,
    person_ids: list[str],
    assignments: list[CoverAssignment],
    account: str | None = None,
) -> None:
    """Make every assignment in one write transaction, or none (`account`, who applied it, is
    kept with the snapshot). The departments (all
    city-level ones too with `city_level`) and people say the drill again, so the transaction
    recomputes who is out against the graph it changes. Raises NotFound naming unknown
    departments or people, BadRequest (parameter `assignments`, nothing written) if any
    assignment no longer fits (see `cypher/drill/check-cover`), `WriterBusy` while another
    import or plan writes (it holds the writer lock, as every writer does). The cover is
    recorded as a snapshot, like a rebalance plan."""
    rows = [{"kind": a.kind, "place_id": a.place_id, "person_id": a.person_id} for a in assignments]

    def work(tx: Transaction) -> None:
        departments = [row["id"] for row in resolve(tx, department_ids, city_level, person_ids)]
        out = taken_out(tx, departments, person_ids)
        stale = tx.run("drill/check-cover", {"assignments": rows, "out_ids": out})
        if stale:
            raise BadRequest(
                "these assignments no longer fit the graph, nothing was written: "
                + "; ".join(
                    f"assignments[{row['index']}] {LABELS[row['kind']]}:{row['place_id']}"
                    f" → Person:{row['person_id']} ({row['problem']})"
                    for row in stale
                ),
                parameter="assignments",
            )
        assigned = tx.run("drill/apply-cover", {"assignments": rows})
        derived.refresh(tx)  # new liaisons are :Liaison, covered stairwells flagged
        origin = Origin(source="plan", file="drill", account=account)
        record(tx, cover_changes(assigned), origin, [])

    # It refreshes every derived fact too, as an import does: more than one query's timeout.
    with writer.writer_lock(db, "applying a drill's cover plan"):
        db.transaction(
            work, write=True, timeout_s=derived.REFRESH_TIMEOUT_S, metadata={"plan": "drill/apply"}
        )
