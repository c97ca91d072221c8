"""The sample network in Neo4j reproduces every figure of docs/programme.md, and its
imperfections are exactly the planted ones.

Expected figures are written by hand from docs/programme.md (each test names its section); the
graph is read back from the database (the export's read, which holds every table) and counted
here in plain Python.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from statistics import mean
from typing import Any

import pytest

from graph_service.api.stats import graph_stats
from graph_service.db.runner import Runner
from graph_service.roster.dictionary import REPORT_YEAR
from graph_service.roster.exporter import read_tables
from graph_service.roster.tables import Tables

pytestmark = pytest.mark.sample


_read: list[Tables] = []


@pytest.fixture
def graph(sample_db: Runner) -> Tables:
    """The sample graph read back once (the sample is deterministic, so a reload is the same)."""
    if not _read:
        _read.append(read_tables(sample_db))
    return _read[0]


def rels(graph: Tables, table: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(source id, target id, properties) of a relationship table."""
    return [(k[1], k[3], props) for k, props in graph.rels[table].items()]


def links(graph: Tables, key: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for node_id, _, target in graph.links[key]:
        found[node_id].append(target)
    return found


def test_exact_counts_of_the_source(sample_db: Runner) -> None:
    """docs/programme.md, The three links, Wartime, The street's modules, Partnerships."""
    stats = graph_stats(sample_db)
    assert stats.nodes["Department"] == 17
    assert stats.nodes["Community"] == 8
    assert stats.nodes["Grid"] == 60
    assert stats.nodes["Stairwell"] == 1_109
    assert stats.nodes["Building"] == 714
    assert stats.nodes["Checkpoint"] == 36
    assert stats.nodes["Module"] == 5
    assert stats.nodes["VolunteerTeam"] == 4
    assert stats.nodes["JointCommittee"] == 1
    assert stats.relationships["LEADS_COMMUNITY"] == 63
    assert stats.relationships["BUILDING_HEAD_OF"] == 240
    assert stats.nodes["Cadre"] == 233
    assert stats.nodes["Household"] >= 18_000
    assert stats.nodes["Liaison"] >= 1_000


def test_grids_45_linked_of_60(graph: Tables) -> None:
    """docs/programme.md, Where the source disagrees with itself: 45 or 60 grids."""
    grids = graph.nodes["grids"]
    kinds = Counter(g["kind"] for g in grids.values())
    assert kinds == {"residential": 45, "dedicated": 15}
    linked = {grid for _, grid, _ in rels(graph, "grid_leaders")}
    assert len(linked) == 45
    assert all(grids[g]["kind"] == "residential" for g in linked)
    assert all("colour" in g for g in grids.values())
    leaders = {p for p, _, _ in rels(graph, "community_leaders")}
    assert {p for p, _, _ in rels(graph, "grid_leaders")} == leaders  # all 63 link grids


def test_service_teams_and_departments(graph: Tables) -> None:
    """docs/programme.md, The three links: 组团联社; Wartime: 2 general teams."""
    teams = graph.nodes["service_teams"]
    assert Counter(t["kind"] for t in teams.values()) == {"community": 8, "general": 2}
    served = {c for t, c, _ in rels(graph, "team_communities") if teams[t]["kind"] == "community"}
    assert len(served) == 8
    in_teams = {d for d, _, _ in rels(graph, "team_departments")}
    assert len(in_teams) == 17


def test_household_links(graph: Tables) -> None:
    """docs/programme.md, The three links: 党员联户; Online and volunteers: 邻礼通."""
    liaisons = rels(graph, "stairwell_liaisons")
    assert len({p for p, _, _ in liaisons}) >= 1_000
    assert len(graph.nodes["households"]) >= 18_000
    activated = sum(1 for h in graph.nodes["households"].values() if h["app_activated"])
    assert activated == 12_800
    assert {props["role"] for _, _, props in liaisons} == {"red_steward", "stairwell_head"}


def test_peacetime_events(graph: Tables) -> None:
    """docs/programme.md, Peacetime: the Tuesday no-meeting day."""
    events = graph.nodes["events"]
    kinds = Counter(e["kind"] for e in events.values())
    assert kinds["team_service"] == 832
    assert kinds["consultation"] >= 300
    attended = Counter(events[e]["kind"] for _, e, _ in rels(graph, "attendances"))
    assert attended["team_service"] == 1_769
    assert all(
        events[e]["date"].weekday() == 1 for e in events if events[e]["kind"] == "team_service"
    )  # 周二无会日: Tuesdays
    solved = sum(1 for d in graph.nodes["demands"].values() if d["status"] == "resolved")
    assert solved == 12


def test_wartime(graph: Tables) -> None:
    """docs/programme.md, Wartime."""
    assigned = {p for p, _, _ in rels(graph, "wartime_assignments")}
    assert len(assigned) == 233
    staff = {p: d for p, d, _ in rels(graph, "department_staff")}
    assert assigned <= set(staff) and len({staff[p] for p in assigned}) == 17
    general = [t for t in graph.nodes["service_teams"].values() if t["kind"] == "general"]
    assert len(general) == 2
    run_by = links(graph, "checkpoints.service_team_id")
    assert {t for ts in run_by.values() for t in ts} == {t["id"] for t in general}
    assert len(graph.nodes["buildings"]) == 714
    assert len(rels(graph, "building_heads")) == 240
    assert len({p for p, _, _ in rels(graph, "building_heads")}) == 240


def test_homes_from_the_household_records(graph: Tables) -> None:
    homes = Counter(p for p, _, _ in rels(graph, "residents"))
    people = graph.nodes["people"]
    liaisons = {p for p, _, _ in rels(graph, "stairwell_liaisons")}
    retired = {p for p, person in people.items() if person.get("retired")}
    assert set(homes.values()) == {1}  # one home each
    assert retired - liaisons <= set(homes) <= liaisons | retired
    stairwell_of = {h: s for h, _, s in graph.links["households.stairwell_id"]}
    held: dict[str, set[str]] = defaultdict(set)
    for person, stairwell, _ in rels(graph, "stairwell_liaisons"):
        held[person].add(stairwell)
    at_home = sum(
        1 for p, h, _ in rels(graph, "residents") if p in liaisons and stairwell_of[h] in held[p]
    )
    assert 0.6 < at_home / len(liaisons) < 0.8  # 70% live where they liaise, by design
    assert at_home == len(set(homes) & liaisons)  # the others live outside the street


def test_modules_and_posts(graph: Tables) -> None:
    """docs/programme.md, The street's modules."""
    modules = graph.nodes["modules"]
    assert sorted(m["name"] for m in modules.values()) == sorted(
        ["大党建模块", "大协调模块", "大经济模块", "大服务模块", "大治理模块"]
    )
    assert [m["name"] for m in modules.values() if m.get("leads")] == ["大党建模块"]
    posts_per_module = Counter(m for ms in links(graph, "posts.module_id").values() for m in ms)
    assert set(posts_per_module) == set(modules)
    assert all(3 <= n <= 4 for n in posts_per_module.values())
    holders = Counter(post for _, post, _ in rels(graph, "post_holders"))
    assert set(holders) == set(graph.nodes["posts"])
    assert all(2 <= n <= 4 for n in holders.values())


def test_joint_committee_and_units(graph: Tables) -> None:
    """docs/programme.md, Partnerships: the joint party committee; one group, two names."""
    units = graph.nodes["units"]
    [group] = [u for u in units.values() if u["kind"] == "group"]
    assert group["name"] == "衢化集团" and group["aliases"] == ["巨化集团"]
    parents = links(graph, "units.parent_unit_id")
    subsidiaries = {u for u, ps in parents.items() if ps == [group["id"]]}
    assert len(subsidiaries) == 17
    members = {u for u, _, _ in rels(graph, "committee_units")}
    assert subsidiaries <= members
    assert {"power", "bank", "hospital", "school"} <= {units[u]["kind"] for u in members}
    paired = {u for u, _, _ in rels(graph, "unit_households")}
    assert len(paired) == 13 and paired <= subsidiaries
    committee = {p for p, _, _ in rels(graph, "committee_members")}
    assert len(committee) == 3
    events = graph.nodes["events"]
    meetings = [p for p, e, _ in rels(graph, "attendances") if events[e]["kind"] == "joint_meeting"]
    assert len(meetings) >= 50 and set(meetings) == committee


def test_organ_branches(graph: Tables) -> None:
    """docs/programme.md, Partnerships: organ branches."""
    branches = graph.nodes["party_branches"]
    organ = {b for b, v in branches.items() if v["kind"] == "organ"}
    assert len(organ) == 8
    pairings = rels(graph, "branch_pairings")
    assert {b for b, _, _ in pairings} == organ
    assert len({c for _, c, _ in pairings}) == 8
    members = {p for p, b, _ in rels(graph, "branch_members") if b in organ}
    assert len(members) == 126
    events = graph.nodes["events"]
    volunteer_times = [
        p for p, e, _ in rels(graph, "attendances") if events[e]["kind"] == "volunteer"
    ]
    assert len(volunteer_times) >= 5_000 and set(volunteer_times) <= members
    assert sum(e.get("problems_solved") or 0 for e in events.values()) >= 100
    bank = [b for b in branches.values() if b["name"] == "中国工商银行衢州巨化支行机关党支部"]
    assert len(bank) == 1


def test_volunteers_and_retired_members(graph: Tables) -> None:
    """docs/programme.md, Online and volunteers: 邻礼汇."""
    people = graph.nodes["people"]
    retired = {p for p, v in people.items() if v.get("retired") and v.get("party_member")}
    assert len(retired) >= 2_200
    volunteers = {p for p, _, _ in rels(graph, "volunteers")}
    assert len(volunteers) >= 1_100 and volunteers <= retired
    teams = sorted(t["name"] for t in graph.nodes["volunteer_teams"].values())
    assert teams == sorted(["红叶微公益工作室", "阳光驿站工作室", "临江法律援助工作室", "衢化大妈"])
    [dama] = [t for t in graph.nodes["volunteer_teams"].values() if t["name"] == "衢化大妈"]
    assert dama["founded"] == 2016


def test_secretaries(graph: Tables) -> None:
    """docs/programme.md, Community secretaries."""
    people = graph.nodes["people"]
    secretaries = [p for p, _, r in rels(graph, "community_leaders") if r["role"] == "secretary"]
    assert len(secretaries) == 8
    assert mean(REPORT_YEAR - people[p]["birth_year"] for p in secretaries) == 40
    assert {people[p]["education"] for p in secretaries} <= {"college", "university"}


# -- exactly what was planted ------------------------------------------------------------------


def test_uncovered_stairwells_are_exactly_the_planted(graph: Tables, planted: dict) -> None:
    covered = {s for _, s, _ in rels(graph, "stairwell_liaisons")}
    assert sorted(set(graph.nodes["stairwells"]) - covered) == planted["uncovered_stairwells"]


def test_overloaded_liaisons_are_exactly_the_planted(graph: Tables, planted: dict) -> None:
    limits = planted["limits"]
    per_stairwell = Counter(
        s for ss in links(graph, "households.stairwell_id").values() for s in ss
    )
    stairwells: dict[str, list[str]] = defaultdict(list)
    for person, stairwell, _ in rels(graph, "stairwell_liaisons"):
        stairwells[person].append(stairwell)
    over = [
        {"person_id": p, "stairwells": len(ss), "households": sum(per_stairwell[s] for s in ss)}
        for p, ss in sorted(stairwells.items())
        if len(ss) > limits["stairwells_per_liaison"]
        or sum(per_stairwell[s] for s in ss) > limits["households_per_liaison"]
    ]
    assert over == sorted(planted["overloaded_liaisons"], key=lambda o: o["person_id"])


def test_leaderless_grids_are_exactly_the_planted(graph: Tables, planted: dict) -> None:
    residential = {g for g, v in graph.nodes["grids"].items() if v["kind"] == "residential"}
    roles: dict[str, set[str]] = defaultdict(set)
    for _, grid, props in rels(graph, "grid_leaders"):
        roles[grid].add(props["role"])
    no_head = sorted(g for g in residential if "grid_head" not in roles[g])
    no_leader = sorted(g for g in residential if "party_group_leader" not in roles[g])
    assert no_head == planted["grids_without_grid_head"]
    assert no_leader == planted["grids_without_party_group_leader"]


def test_overloaded_cadres_and_departments_are_exactly_the_planted(
    graph: Tables, planted: dict
) -> None:
    grids: dict[str, set[str]] = defaultdict(set)
    for person, grid, _ in rels(graph, "grid_leaders"):
        grids[person].add(grid)
    limits = planted["limits"]
    over = [{"person_id": p, "grids": len(g)} for p, g in grids.items()
            if len(g) > limits["grids_per_cadre"]]  # fmt: skip
    assert over == planted["overloaded_cadres"]
    serves = {t: c for t, c, _ in rels(graph, "team_communities")}
    communities: dict[str, set[str]] = defaultdict(set)
    for department, team, _ in rels(graph, "team_departments"):
        if team in serves:
            communities[department].add(serves[team])
    over_departments = [{"department_id": d, "communities": len(c)}
                        for d, c in sorted(communities.items())
                        if len(c) > limits["communities_per_department"]]  # fmt: skip
    assert over_departments == planted["overloaded_departments"]


def test_unpartnered_communities_are_exactly_the_planted(graph: Tables, planted: dict) -> None:
    staffed_teams = {t for _, t, _ in rels(graph, "team_departments")}
    with_team = {c for t, c, _ in rels(graph, "team_communities") if t in staffed_teams}
    manned_branches = {b for _, b, _ in rels(graph, "branch_members")}
    with_branch = {c for b, c, _ in rels(graph, "branch_pairings") if b in manned_branches}
    with_unit = {c for _, c, _ in rels(graph, "co_building")}
    communities = set(graph.nodes["communities"])
    assert sorted(communities - with_team) == planted["communities_without_service_team"]
    assert sorted(communities - with_branch) == planted["communities_without_organ_branch"]
    assert sorted(communities - with_unit) == planted["communities_without_co_building_unit"]


def test_broken_chains_are_exactly_the_planted(graph: Tables, planted: dict) -> None:
    found = []
    for table, label, key in (
        ("grids", "Grid", "grids.community_id"),
        ("buildings", "Building", "buildings.grid_id"),
        ("stairwells", "Stairwell", "stairwells.building_id"),
        ("households", "Household", "households.stairwell_id"),
    ):
        parents = links(graph, key)
        for node_id in graph.nodes[table]:
            got = sorted(parents.get(node_id, []))
            if len(got) != 1:
                problem = "missing_parent" if not got else "several_parents"
                found.append({"label": label, "id": node_id, "problem": problem, "parents": got})
    assert found == planted["broken_chains"]


def test_wartime_gaps_are_exactly_the_planted(graph: Tables, planted: dict) -> None:
    named = {t for _, t, _ in rels(graph, "wartime_assignments")}
    named |= {b for _, b, _ in rels(graph, "building_heads")}
    assert (
        sorted(set(graph.nodes["buildings"]) - named) == planted["buildings_without_wartime_person"]
    )
    assert (
        sorted(set(graph.nodes["checkpoints"]) - named)
        == planted["checkpoints_without_wartime_person"]
    )


def test_person_role_labels_follow_relationships(sample_db: Runner, graph: Tables) -> None:
    stats = graph_stats(sample_db)
    assert stats.nodes["Liaison"] == len({p for p, _, _ in rels(graph, "stairwell_liaisons")})
    assert stats.nodes["GridLeader"] == 63
    assert stats.nodes["Volunteer"] == len({p for p, _, _ in rels(graph, "volunteers")})
