"""The places of the sample street and the imperfections planted in it.

`plan_places` lays out communities, grids, buildings and stairwells, decides the households per
stairwell and who liaises with which stairwells, and picks every planted gap. Everything not
planted is clean, so an analysis must find exactly what `Plan.manifest()` lists.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from graph_service.sample import names

if TYPE_CHECKING:
    from graph_service.sample.generator import SampleSpec

RESIDENTIAL_GRIDS = (6, 6, 6, 6, 6, 5, 5, 5)  # 45 grids linked by the grid-link programme
DEDICATED_GRIDS = (2, 2, 2, 2, 2, 2, 2, 1)  # + 15 专属网格 = the street's 60 grids
LEADERS = (8, 8, 8, 8, 8, 8, 8, 7)  # 63 community leadership members
COLOURS = ("red", "orange", "yellow", "blue", "green")
COLOUR_WEIGHTS = (1, 2, 4, 5, 6)  # few red (hardest) grids, many green
SMALLEST, LARGEST = 8, 26  # households per stairwell; two stairwells stay within 54
HEAVY = LARGEST


@dataclass
class Plan:
    communities: dict[str, str] = field(default_factory=dict)
    grids: list[dict[str, Any]] = field(default_factory=list)
    residential: dict[str, list[str]] = field(default_factory=dict)  # community -> grids
    buildings: list[dict[str, Any]] = field(default_factory=list)
    building_grid: dict[str, str] = field(default_factory=dict)
    stairwells: list[dict[str, Any]] = field(default_factory=list)
    stairwell_buildings: dict[str, list[str]] = field(default_factory=dict)
    stairwell_sizes: list[int] = field(default_factory=list)
    liaison_groups: list[list[str]] = field(default_factory=list)  # planted overloads first
    liaison_ids: list[str] = field(default_factory=list)
    liaison_of: dict[str, str] = field(default_factory=dict)  # stairwell -> person
    leaders_per_community: dict[str, int] = field(default_factory=dict)
    checkpoints: list[dict[str, Any]] = field(default_factory=list)
    planted: dict[str, Any] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    # -- grid leadership -----------------------------------------------------------------------
    def grid_roles(
        self, community_id: str, members: list[str], rng: random.Random
    ) -> list[tuple[str, str, str]]:
        """(person, grid, role) for a community: every member leads at least one grid."""
        slots = [
            (grid_id, role)
            for grid_id in self.residential[community_id]
            for role in ("grid_head", "party_group_leader")
            if not (role == "grid_head" and grid_id in self.planted["grids_without_grid_head"])
            and not (
                role == "party_group_leader"
                and grid_id in self.planted["grids_without_party_group_leader"]
            )
        ]
        roles: list[tuple[str, str, str]] = []
        if community_id == "CM01":  # the planted cadre holds four grids' party groups
            overloaded = members[-1]
            taken = [s for s in slots if s[1] == "party_group_leader"][:4]
            roles += [(overloaded, grid_id, role) for grid_id, role in taken]
            slots = [s for s in slots if s not in taken]
            members = members[:-1]
            self.planted["overloaded_cadres"] = [{"person_id": overloaded, "grids": 4}]
        rng.shuffle(slots)
        roles += [(members[i % len(members)], g, r) for i, (g, r) in enumerate(slots)]
        return roles

    # -- liaisons ------------------------------------------------------------------------------
    def record_liaisons(self) -> None:
        for person, stairwells in zip(self.liaison_ids, self.liaison_groups, strict=True):
            for stairwell_id in stairwells:
                self.liaison_of[stairwell_id] = person
        sizes = {s["id"]: n for s, n in zip(self.stairwells, self.stairwell_sizes, strict=True)}
        self.planted["overloaded_liaisons"] = [
            {
                "person_id": person,
                "stairwells": len(group),
                "households": sum(sizes[s] for s in group),
            }
            for person, group in zip(self.liaison_ids[:4], self.liaison_groups[:4], strict=True)
        ]

    def building_heads(self, rng: random.Random) -> list[tuple[str, str]]:
        """240 building heads: a liaison of one of the building's stairwells, 240 people."""
        by_building: dict[str, list[str]] = {}
        for stairwell_id, buildings in self.stairwell_buildings.items():
            by_building.setdefault(buildings[0], []).append(stairwell_id)
        gaps = set(self.planted["buildings_without_wartime_person"])
        chosen: list[tuple[str, str]] = []
        used: set[str] = set()
        candidates = [b["id"] for b in self.buildings if b["id"] not in gaps]
        rng.shuffle(candidates)
        for building_id in candidates:
            for stairwell_id in by_building.get(building_id, []):
                person = self.liaison_of.get(stairwell_id)
                if person and person not in used:
                    chosen.append((building_id, person))
                    used.add(person)
                    break
            if len(chosen) == 240:
                break
        return sorted(chosen)

    def manifest(
        self, spec: SampleSpec, limits: dict[str, int], why: dict[str, str]
    ) -> dict[str, Any]:
        return {
            **self.planted,
            "limits": limits,
            "limits_why": why,
            "notes": self.notes,
            "seed": spec.seed,
            "households": spec.households,
        }


def _sizes(rng: random.Random, total: int, count: int) -> list[int]:
    """`count` stairwell sizes within [SMALLEST, LARGEST] that add up to `total`."""
    base, extra = divmod(total, count)
    sizes = [base + (1 if i < extra else 0) for i in range(count)]
    for _ in range(count * 4):
        i, j = rng.randrange(count), rng.randrange(count)
        move = rng.randint(1, 6)
        if sizes[i] - move >= SMALLEST and sizes[j] + move <= LARGEST - 1:
            sizes[i] -= move
            sizes[j] += move
    return sizes


def plan_places(spec: SampleSpec, rng: random.Random) -> Plan:
    """Communities, grids, buildings, stairwells, household counts and every planted gap."""
    plan = Plan()
    community_ids = [f"CM{i:02d}" for i in range(1, 9)]
    plan.communities = dict(zip(community_ids, names.COMMUNITIES, strict=True))
    plan.leaders_per_community = dict(zip(community_ids, LEADERS, strict=True))
    grid_number = 0
    for community_id, residential, dedicated in zip(
        community_ids, RESIDENTIAL_GRIDS, DEDICATED_GRIDS, strict=True
    ):
        short = plan.communities[community_id].removesuffix("社区")
        for index in range(residential + dedicated):
            grid_number += 1
            grid_id = f"G{grid_number:02d}"
            kind = "residential" if index < residential else "dedicated"
            if kind == "residential":
                plan.residential.setdefault(community_id, []).append(grid_id)
            label = (
                f"{short}第{index + 1}网格"
                if kind == "residential"
                else f"{short}专属网格{index - residential + 1}"
            )
            plan.grids.append({
                "id": grid_id, "name": label, "kind": kind, "community_id": community_id,
                "colour": rng.choices(COLOURS, COLOUR_WEIGHTS)[0],
            })  # fmt: skip
    residential_grids = [g for c in community_ids for g in plan.residential[c]]

    building_count = spec.scaled(714)
    stairwell_count = spec.scaled(1_109)
    per_grid, extra = divmod(building_count, len(residential_grids))
    two_stairwells = set(rng.sample(range(building_count), stairwell_count - building_count))
    number = 0
    in_community: dict[str, int] = {}
    for g_index, grid_id in enumerate(residential_grids):
        community_id = plan.grids[int(grid_id[1:]) - 1]["community_id"]
        short = plan.communities[community_id].removesuffix("社区")
        for _ in range(per_grid + (1 if g_index < extra else 0)):
            in_community[community_id] = in_community.get(community_id, 0) + 1
            building_id = f"B{number + 1:04d}"
            building_name = f"{short}{in_community[community_id]}幢"
            plan.buildings.append({
                "id": building_id, "name": building_name, "grid_id": grid_id,
                "address": f"{rng.choice(names.ROADS)}{rng.randint(1, 300)}号",
            })  # fmt: skip
            plan.building_grid[building_id] = grid_id
            for unit in range(2 if number in two_stairwells else 1):
                stairwell_id = f"S{len(plan.stairwells) + 1:04d}"
                plan.stairwells.append(
                    {
                        "id": stairwell_id,
                        "name": f"{building_name}{unit + 1}单元",
                        "building_id": building_id,
                    }
                )
                plan.stairwell_buildings[stairwell_id] = [building_id]
            number += 1
    plan.stairwell_sizes = _sizes(rng, spec.households, len(plan.stairwells))
    _plant(plan, rng, residential_grids, community_ids)
    return plan


def _stairwells_in(plan: Plan, grid_id: str) -> list[str]:
    return [s for s, b in plan.stairwell_buildings.items() if plan.building_grid[b[0]] == grid_id]


def _plant(plan: Plan, rng: random.Random, grids: list[str], communities: list[str]) -> None:
    """Choose every planted imperfection (fixed by the seed) and make the rest clean."""
    p = plan.planted
    p["grids_without_grid_head"] = [plan.residential["CM02"][0], plan.residential["CM03"][1]]
    p["grids_without_party_group_leader"] = [
        plan.residential["CM04"][0],
        plan.residential["CM05"][2],
    ]
    p["communities_without_service_team"] = ["CM08"]
    plan.notes["communities_without_service_team"] = (
        "service team T08 is on the roster and SERVES CM08, but no department is IN_TEAM of it: "
        "a team on paper only (the source's 17 departments serving 8 communities stays true)"
    )
    p["communities_without_organ_branch"] = ["CM06"]
    plan.notes["communities_without_organ_branch"] = (
        "organ branch PB06 is PAIRED_WITH CM06 but has no member: a pairing on paper only "
        "(the source's 8 branches paired with 8 communities stays true)"
    )
    p["communities_without_co_building_unit"] = ["CM07"]
    p["overloaded_departments"] = [{"department_id": "D05", "communities": 3}]

    # Liaison overloads: two over the stairwell limit, two over the household limit only.
    sizes = {s["id"]: i for i, s in enumerate(plan.stairwells)}
    used: set[str] = set()
    picks = [
        (grids[2], 6, False),
        (grids[17], 5, False),
        (grids[30], 3, True),
        (grids[40], 3, True),
    ]
    for grid_id, count, heavy in picks:
        group = [s for s in _stairwells_in(plan, grid_id) if s not in used][:count]
        used.update(group)
        plan.liaison_groups.append(group)
        if heavy:
            for stairwell_id in group:
                _set_size(plan, sizes[stairwell_id], HEAVY, rng, used)
    candidates = [s for s in plan.stairwell_buildings if s not in used]
    uncovered = sorted(rng.sample(candidates, 12))
    p["uncovered_stairwells"] = uncovered
    used.update(uncovered)

    # Broken chains: a building with no grid; a stairwell listed under two buildings.
    broken = plan.buildings[rng.randrange(len(plan.buildings))]
    broken["grid_id"] = None
    ambiguous = next(
        s
        for s in plan.stairwells[len(plan.stairwells) // 2 :]
        if plan.stairwell_buildings[s["id"]][0] != broken["id"]
    )
    first = ambiguous["building_id"]
    neighbour = next(
        b["id"]
        for b in plan.buildings
        if b["id"] != first
        and b["id"] != broken["id"]
        and plan.building_grid[b["id"]] == plan.building_grid[first]
    )
    ambiguous["building_id"] = ";".join(sorted([first, neighbour]))
    p["broken_chains"] = [
        {"label": "Building", "id": broken["id"], "problem": "missing_parent", "parents": []},
        {
            "label": "Stairwell",
            "id": ambiguous["id"],
            "problem": "several_parents",
            "parents": sorted([first, neighbour]),
        },
    ]

    for grid_id in grids:  # everyone else: one or two stairwells of their own grid
        free = [s for s in _stairwells_in(plan, grid_id) if s not in used]
        i = 0
        while i < len(free):
            take = 2 if i + 1 < len(free) and rng.random() < 0.065 else 1
            plan.liaison_groups.append(free[i : i + take])
            i += take

    gap_buildings = rng.sample([b["id"] for b in plan.buildings if b is not broken], 3)
    p["buildings_without_wartime_person"] = sorted(gap_buildings)
    plan.checkpoints = [
        {"id": f"K{i:02d}", "name": f"{plan.communities[communities[(i - 1) % 8]]}卡点{i}",
         "community_id": communities[(i - 1) % 8], "service_team_id": "T09" if i % 2 else "T10"}
        for i in range(1, 37)
    ]  # fmt: skip
    p["checkpoints_without_wartime_person"] = ["K07", "K30"]


def _set_size(plan: Plan, index: int, size: int, rng: random.Random, used: set[str]) -> None:
    """Make one stairwell `size` households, taking the difference from unplanted ones."""
    delta = size - plan.stairwell_sizes[index]
    plan.stairwell_sizes[index] = size
    ids = [s["id"] for s in plan.stairwells]
    while delta > 0:
        j = rng.randrange(len(ids))
        if ids[j] not in used and j != index and plan.stairwell_sizes[j] > SMALLEST:
            plan.stairwell_sizes[j] -= 1
            delta -= 1
