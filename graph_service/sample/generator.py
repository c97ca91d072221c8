"""The Quhua Street sample network, generated deterministically, written as a roster.

`generate(out_dir)` writes the roster (one CSV per table, the format users import) and
`planted.json`: the imperfections planted on purpose, so that analyses can be checked to find
exactly those. Every figure of docs/programme.md is reproduced: exactly where the source is
exact, and at least the figure where it says "+" (see docs/data-model.md, "The sample network").

The structure is parametrised by the household count (`SampleSpec.households`): stairwells,
buildings, liaison members and 邻礼通 activations scale with it; the street's own structure (8
communities, 60 grids, 17 departments, modules, units) stays the source's.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from graph_service.roster.dictionary import REPORT_YEAR
from graph_service.roster.files import CsvRosterWriter
from graph_service.sample import names
from graph_service.sample.activity import write_demands, write_events
from graph_service.sample.plan import Plan, plan_places
from graph_service.sample.structure import (
    BRANCH_OWNERS,
    CO_BUILDING,
    ORGAN_MEMBERS,
    PAPER_BRANCH,
    PROPERTY_SERVICE,
    RETIRED_LIAISONS,
    RETIRED_MEMBERS,
    TEAMS,
    VOLUNTEERS,
    WARTIME_CADRES,
)

SOURCE_HOUSEHOLDS = 18_240  # "1.8万余户": 18,000+
RESIDENT_LIAISONS = 0.7  # share of liaisons living in a stairwell they look after (assumed)


@dataclass(frozen=True)
class SampleSpec:
    """What to generate. The defaults are the source's street."""

    households: int = SOURCE_HOUSEHOLDS
    seed: int = 20180601  # the programme started in 2018

    def scaled(self, figure: int) -> int:
        """A per-household figure of the source, scaled to this spec's household count."""
        return round(figure * self.households / SOURCE_HOUSEHOLDS)


# Overload limits the planted cases break (the analyses' defaults should be these):
LIMITS = {
    "stairwells_per_liaison": 3,
    "households_per_liaison": 54,
    "grids_per_cadre": 3,
    "communities_per_department": 2,
}
LIMITS_WHY = {
    "stairwells_per_liaison": "1,109 stairwells / 1,000+ members ≈ 1.1 per member; more than "
    "3 (about three times the mean) is overloaded",
    "households_per_liaison": "18,000+ households / 1,000+ members ≈ 18 per member; more than "
    "54 (three times the mean) is overloaded",
    "grids_per_cadre": "63 leaders take about 90 grid roles on 45 grids: 1–2 grids each; "
    "more than 3 grids is overloaded",
    "communities_per_department": "17 departments serve 8 communities through 8 teams: one "
    "community each, two at most; more than 2 is spread too thin",
}


class Generator:
    """Builds the network table by table; `Plan` decided the places and the planted gaps."""

    def __init__(self, spec: SampleSpec, writer: CsvRosterWriter) -> None:
        self.spec = spec
        self.rng = random.Random(spec.seed)
        self.namer = names.Namer(self.rng)
        self.out = writer
        self.people = 0
        self.stairwell_households: dict[str, list[str]] = {}
        self.retired_members: list[str] = []

    def person(
        self,
        *,
        party_member: bool = True,
        retired: bool = False,
        birth_year: int | None = None,
        education: str | None = None,
    ) -> str:
        self.people += 1
        person_id = f"PS{self.people:05d}"
        if birth_year is None:
            birth_year = self.rng.randint(1945, 1960) if retired else self.rng.randint(1965, 1995)
        self.out.write("people", {
            "id": person_id, "name": self.namer.person(), "phone": self.namer.phone(),
            "gender": self.rng.choice(("female", "male")), "birth_year": birth_year,
            "education": education, "party_member": party_member, "retired": retired,
        })  # fmt: skip
        return person_id

    def run(self) -> dict[str, Any]:
        plan = plan_places(self.spec, self.rng)
        self.places(plan)
        self.households(plan)
        leaders = self.leadership(plan)
        self.liaisons(plan)
        cadres = self.departments_and_teams(plan)
        self.wartime(plan, cadres)
        branch_members = self.branches()
        committee = self.units()
        self.volunteers()
        self.modules()
        write_demands(self.out, self.rng)
        write_events(self.out, self.rng, cadres, leaders, branch_members, committee)
        self.residents(plan)
        return plan.manifest(self.spec, LIMITS, LIMITS_WHY)

    def places(self, plan: Plan) -> None:
        out = self.out
        out.write("cities", {"id": "CT01", "name": names.CITY})
        out.write("districts", {"id": "DS01", "name": names.DISTRICT, "city_id": "CT01"})
        out.write("streets", {"id": "ST01", "name": names.STREET, "district_id": "DS01"})
        for community_id, name in plan.communities.items():
            out.write("communities", {"id": community_id, "name": name, "street_id": "ST01"})
        for grid in plan.grids:
            out.write("grids", grid)
        for building in plan.buildings:
            out.write("buildings", building)
        for stairwell in plan.stairwells:
            out.write("stairwells", stairwell)

    def households(self, plan: Plan) -> None:
        """18,000+ households (streamed), exactly 12,800 of them on 邻礼通 at source scale."""
        activated = set(self.rng.sample(range(self.spec.households), self.spec.scaled(12_800)))
        number = 0
        for stairwell, size in zip(plan.stairwells, plan.stairwell_sizes, strict=True):
            for k in range(size):
                floor, door = divmod(k, 2)
                household_id = f"H{number + 1:05d}"
                self.stairwell_households.setdefault(stairwell["id"], []).append(household_id)
                self.out.write("households", {
                    "id": household_id, "stairwell_id": stairwell["id"],
                    "name": f"{stairwell['name']}{floor + 1}0{door + 1}室",
                    "residents": self.rng.randint(1, 5), "head_name": self.namer.person(),
                    "phone": self.namer.phone(), "app_activated": number in activated,
                })  # fmt: skip
                number += 1

    def leadership(self, plan: Plan) -> dict[str, list[str]]:
        """63 community leadership members (8 secretaries, average age 40) linking 45 grids."""
        leaders: dict[str, list[str]] = {}
        secretary_ages = iter((43, 38, 41, 36, 42, 40, 39, 41))  # mean 40
        for community_id, count in plan.leaders_per_community.items():
            members = []
            for index in range(count):
                secretary = index == 0
                person = self.person(
                    birth_year=REPORT_YEAR - next(secretary_ages) if secretary else None,
                    education=self.rng.choice(("college", "university")) if secretary else None,
                )
                role = "secretary" if secretary else "committee_member"
                self.out.write("community_leaders", {"person_id": person,
                               "community_id": community_id, "role": role})  # fmt: skip
                members.append(person)
            leaders[community_id] = members
            for person, grid_id, role in plan.grid_roles(community_id, members, self.rng):
                self.out.write("grid_leaders", {"person_id": person, "grid_id": grid_id,
                                                "role": role})  # fmt: skip
        return leaders

    def liaisons(self, plan: Plan) -> None:
        """1,000+ members liaising with the covered stairwells of their own grid."""
        retired_from = len(plan.liaison_groups) - RETIRED_LIAISONS
        for index, stairwells in enumerate(plan.liaison_groups):
            person = self.person(retired=index >= retired_from)
            plan.liaison_ids.append(person)
            role = self.rng.choice(("red_steward", "stairwell_head"))
            since = dt.date(2018, 3, 1) + dt.timedelta(days=self.rng.randrange(900))
            for stairwell_id in stairwells:
                row = {"person_id": person, "stairwell_id": stairwell_id, "role": role}
                self.out.write("stairwell_liaisons", {**row, "since": since})
        plan.record_liaisons()
        for building_id, person in plan.building_heads(self.rng):
            self.out.write("building_heads", {"person_id": person, "building_id": building_id})

    def departments_and_teams(self, plan: Plan) -> dict[str, list[str]]:
        """17 departments in 8 community teams and 2 wartime general teams; 233 cadres."""
        for index, name in enumerate(names.DEPARTMENTS, start=1):
            level = "city" if name.startswith("市") else "district"
            self.out.write("departments", {"id": f"D{index:02d}", "name": name, "level": level})
        for index, (community_id, name) in enumerate(plan.communities.items(), start=1):
            team_id = f"T{index:02d}"
            self.out.write("service_teams", {"id": team_id, "kind": "community",
                           "name": f"{name.removesuffix('社区')}组团服务团"})  # fmt: skip
            self.out.write(
                "team_communities", {"service_team_id": team_id, "community_id": community_id}
            )
        for team_id, name in (("T09", "衢化街道第一服务总团"), ("T10", "衢化街道第二服务总团")):
            self.out.write("service_teams", {"id": team_id, "name": name, "kind": "general"})
        for team_id, departments in TEAMS.items():
            for department_id in departments:
                self.out.write(
                    "team_departments", {"department_id": department_id, "service_team_id": team_id}
                )
        cadres: dict[str, list[str]] = {f"D{i:02d}": [] for i in range(1, 18)}
        for index in range(WARTIME_CADRES):
            department_id = f"D{index % 17 + 1:02d}"
            person = self.person()
            cadres[department_id].append(person)
            self.out.write(
                "department_staff", {"person_id": person, "department_id": department_id}
            )
        return cadres

    def wartime(self, plan: Plan, cadres: dict[str, list[str]]) -> None:
        """233 cadres assigned to the buildings and 36 checkpoints, except the planted gaps."""
        for checkpoint in plan.checkpoints:
            self.out.write("checkpoints", checkpoint)
        targets = [
            ("Building", b["id"])
            for b in plan.buildings
            if b["id"] not in plan.planted["buildings_without_wartime_person"]
        ]
        targets += [
            ("Checkpoint", c["id"])
            for c in plan.checkpoints
            if c["id"] not in plan.planted["checkpoints_without_wartime_person"]
        ]
        self.rng.shuffle(targets)
        people = [p for members in cadres.values() for p in members]
        for index, (label, target_id) in enumerate(targets):
            self.out.write("wartime_assignments", {"person_id": people[index % len(people)],
                           "target_type": label, "target_id": target_id})  # fmt: skip

    def branches(self) -> dict[str, list[str]]:
        """8 organ branches paired with the 8 communities; 126 members in the 7 active ones."""
        members: dict[str, list[str]] = {}
        for index, (owner_type, owner_id) in enumerate(BRANCH_OWNERS, start=1):
            branch_id = f"PB{index:02d}"
            owner = (
                dict(names.OTHER_UNITS_BY_ID)[owner_id][0]  # (name, kind)
                if owner_type == "Unit"
                else names.DEPARTMENTS[int(owner_id[1:]) - 1]
            )
            row = {"id": branch_id, "name": f"{owner}机关党支部", "kind": "organ"}
            self.out.write(
                "party_branches", {**row, "owner_type": owner_type, "owner_id": owner_id}
            )
            self.out.write(
                "branch_pairings", {"branch_id": branch_id, "community_id": f"CM{index:02d}"}
            )
            members[branch_id] = []
        active = [b for b in members if b != PAPER_BRANCH]
        for index in range(ORGAN_MEMBERS):
            branch_id = active[index % len(active)]
            person = self.person()
            members[branch_id].append(person)
            self.out.write("branch_members", {"person_id": person, "branch_id": branch_id})
        return members

    def units(self) -> list[str]:
        """衢化集团 (alias 巨化集团), its 17 second-level units and the other co-building units."""
        out = self.out
        out.write("joint_committees", {"id": "JC01", "name": names.JOINT_COMMITTEE})
        out.write(
            "units",
            {"id": "U01", "name": names.GROUP, "kind": "group", "aliases": [names.GROUP_ALIAS]},
        )
        for index, name in enumerate(names.SUBSIDIARIES, start=2):
            out.write(
                "units",
                {
                    "id": f"U{index:02d}",
                    "name": f"{names.GROUP}{name}",
                    "kind": "enterprise",
                    "parent_unit_id": "U01",
                },
            )
        for unit_id, (name, kind) in names.OTHER_UNITS_BY_ID:
            out.write("units", {"id": unit_id, "name": name, "kind": kind})
        for index in range(2, 25):  # 17 second-level units + power, banks, hospital, schools
            out.write("committee_units", {"unit_id": f"U{index:02d}", "committee_id": "JC01"})
        for community_index, unit_ids in CO_BUILDING.items():
            for unit_id in unit_ids:
                since = dt.date(2018, 1, 1) + dt.timedelta(days=self.rng.randrange(700))
                out.write("co_building", {"unit_id": unit_id, "since": since,
                          "community_id": f"CM{community_index:02d}"})  # fmt: skip
        paired = self.rng.sample(range(1, self.spec.households + 1), 13 * 4)
        for index, household in enumerate(sorted(paired)):  # 13 units x 4 shanty-town households
            out.write(
                "unit_households",
                {"unit_id": f"U{index // 4 + 2:02d}", "household_id": f"H{household:05d}"},
            )
        for index, name in enumerate(names.PROPERTY_COMPANIES, start=1):
            out.write("property_companies", {"id": f"PC{index:02d}", "name": name})
        for community_index, company in enumerate(PROPERTY_SERVICE, start=1):
            out.write(
                "property_services",
                {"company_id": company, "community_id": f"CM{community_index:02d}"},
            )
        committee = [self.person() for _ in range(3)]  # the 3 part-time committee members
        for person in committee:
            out.write("committee_members", {"person_id": person, "committee_id": "JC01"})
        return committee

    def volunteers(self) -> None:
        """1,100+ of 2,200+ retired party members in the four 邻礼汇 teams (400 more liaise)."""
        for index, (name, founded) in enumerate(names.VOLUNTEER_TEAMS, start=1):
            self.out.write(
                "volunteer_teams", {"id": f"VT{index:02d}", "name": name, "founded": founded}
            )
        for index in range(VOLUNTEERS):
            person = self.person(retired=True)
            self.retired_members.append(person)
            self.out.write("volunteers", {"person_id": person, "team_id": f"VT{index % 4 + 1:02d}"})
        for _ in range(RETIRED_MEMBERS - VOLUNTEERS - RETIRED_LIAISONS):
            # retired members the roster lists with no role
            self.retired_members.append(self.person(retired=True))

    def modules(self) -> None:
        """5 modules (大党建 leads), 3–4 posts each, 2–4 cadres per post."""
        post_number = 0
        for index, module in enumerate(names.MODULES, start=1):
            module_id = f"MD{index:02d}"
            self.out.write(
                "modules", {"id": module_id, "name": f"{module}模块", "leads": module == "大党建"}
            )
            for post in names.POSTS[module]:
                post_number += 1
                post_id = f"PO{post_number:02d}"
                self.out.write(
                    "posts", {"id": post_id, "name": f"{module}{post}", "module_id": module_id}
                )
                for _ in range(self.rng.randint(2, 4)):
                    self.out.write("post_holders", {"person_id": self.person(), "post_id": post_id})

    def residents(self, plan: Plan) -> None:
        """Where members live (household records): most liaisons in a stairwell they look
        after (the others live outside the street: no household record), every retired member
        somewhere in the street. A random stream of its own, so the rest of the sample is the
        same with or without it."""
        rng = random.Random(self.spec.seed + 1)
        households = [h for ids in self.stairwell_households.values() for h in ids]
        homes: list[tuple[str, str]] = []
        for person, stairwells in zip(plan.liaison_ids, plan.liaison_groups, strict=True):
            own = self.stairwell_households.get(stairwells[0], [])
            if own and rng.random() < RESIDENT_LIAISONS:
                homes.append((person, rng.choice(own)))
        homes += [(person, rng.choice(households)) for person in self.retired_members]
        for person, household in homes:
            self.out.write("residents", {"person_id": person, "household_id": household})


def generate(out_dir: Path, spec: SampleSpec | None = None) -> dict[str, Any]:
    """Write the sample roster into `out_dir` and its planted manifest as `planted.json`."""
    spec = spec or SampleSpec()
    out_dir = Path(out_dir)
    with CsvRosterWriter(out_dir) as writer:
        manifest = Generator(spec, writer).run()
    manifest["rows"] = dict(sorted(writer.counts.items()))
    manifest["spec"] = asdict(spec)
    (out_dir / "planted.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
        encoding="utf-8",
    )
    return manifest
