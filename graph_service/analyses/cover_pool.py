"""The people who could cover places in some communities, read with one query.

`cypher/drill/cover-pool.cypher` returns each person tied to the communities with every tie
(where they liaise, live, head a building, hold a wartime place, lead a grid, volunteered
lately) and what they hold already; this module turns the rows into `cover.Helper` records
for the pure functions (`algorithms.cover`, `algorithms.candidates`) and keeps what the
answers show about each person (name, masked phone, role).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph_service.algorithms.cover import Helper, Tie
from graph_service.analyses.projections import key
from graph_service.auth.masking import mask, shown_name
from graph_service.db.runner import Runner

# The role an assignment table shows for a person, the first that applies.
ROLE_ORDER = ("building_head", "wartime", "grid_leader", "liaison", "volunteer", "resident")
ROLE_NAMES = {
    "building_head": ("楼栋长", "building head"),
    "wartime": ("包干干部", "wartime cadre"),
    "grid_leader": ("网格干部", "grid leader"),
    "liaison": ("联户党员", "liaison member"),
    "volunteer": ("志愿者", "volunteer"),
    "resident": ("居住党员", "resident member"),
}
DEFAULT_RECENT_DAYS = 183


@dataclass(frozen=True)
class Person:
    """What an answer shows about a helper, through `auth.masking`: the name as the roles that
    read people see it, the phone masked (contact data: masked for every role; one record's
    contact data is unmasked on its own, with a reason, at /api/v1/unmask)."""

    key: str
    name: str | None
    phone: str | None
    role: str  # a key of ROLE_NAMES
    retired: bool


def masked_phone(phone: Any) -> str | None:
    """A phone as every answer shows it (`138****5678`)."""
    masked = mask("phone", phone)
    return None if masked in (None, "") else str(masked)


def read_pool(
    db: Runner, community_ids: list[str], recent_days: int = DEFAULT_RECENT_DAYS
) -> tuple[list[Helper], dict[str, Person]]:
    """The helpers tied to `community_ids` and what the answers show about each."""
    if not community_ids:
        return [], {}
    rows = db.run(
        "drill/cover-pool",
        {"community_ids": sorted(set(community_ids)), "recent_days": recent_days},
        metadata={"analysis": "cover-pool"},
    )
    helpers, people = [], {}
    for row in rows:
        person_key = key("Person", row["id"])
        ties = tuple(
            Tie(
                kind=tie["tie"],
                community_id=tie["community_id"],
                grid_id=tie["grid_id"],
                building_id=tie["building_id"],
                stairwell_id=tie["stairwell_id"],
            )
            for tie in row["ties"]
        )
        kinds = {tie.kind for tie in ties}
        helpers.append(
            Helper(
                key=person_key,
                ties=ties,
                stairwells=frozenset(row["stairwells"]),
                households=row["households"],
                wartime_places=row["wartime_places"],
                roles=frozenset(kinds),
            )
        )
        people[person_key] = Person(
            key=person_key,
            name=shown_name("Person", row["name"]),
            phone=masked_phone(row["phone"]),
            role=next(role for role in ROLE_ORDER if role in kinds),
            retired=bool(row["retired"]),
        )
    return helpers, people
