"""The analyses on the sample network: the planted gaps and overloads are found exactly, and
coverage, overload and partnership numbers agree with a plain-Python recount of the roster CSVs.

The recount reads the roster files the sample was imported from (`sample_roster`) with the
csv module only: no Cypher, no code shared with the queries. It follows the rules each
analysis's header states (a stairwell with two parents counts once under each area; a member's
community holds most of their stairwells, ties to the lowest id; …).
"""

from __future__ import annotations

import csv
import logging
import statistics
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest
from answers import rows
from fastapi.testclient import TestClient

from graph_service.db.runner import Runner

pytestmark = [pytest.mark.sample, pytest.mark.usefixtures("sample_db")]


def table(roster: Path, name: str) -> list[dict[str, str]]:
    with (roster / f"{name}.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def ids(cell: str) -> list[str]:
    return [part for part in cell.split(";") if part]


# ---------------------------------------------------------------- planted, found exactly


def test_uncovered_stairwells_are_exactly_the_planted_ones(
    client: TestClient, planted: dict[str, Any]
) -> None:
    found = [row["stairwell_id"] for row in rows(client, "uncovered-stairwells")]
    assert sorted(found) == sorted(planted["uncovered_stairwells"])


def test_leaderless_grids_are_exactly_the_planted_ones(
    client: TestClient, planted: dict[str, Any]
) -> None:
    found = rows(client, "leaderless-grids")
    no_head = sorted(row["grid_id"] for row in found if "grid_head" in row["missing"])
    no_leader = sorted(row["grid_id"] for row in found if "party_group_leader" in row["missing"])
    assert no_head == sorted(planted["grids_without_grid_head"])
    assert no_leader == sorted(planted["grids_without_party_group_leader"])


def test_broken_chains_are_exactly_the_planted_ones(
    client: TestClient, planted: dict[str, Any]
) -> None:
    found = {
        (row["label"], row["id"], row["problem"], tuple(row["parent_ids"]))
        for row in rows(client, "broken-chains")
    }
    assert found == {
        (chain["label"], chain["id"], chain["problem"], tuple(sorted(chain["parents"])))
        for chain in planted["broken_chains"]
    }


def test_unpartnered_communities_are_exactly_the_planted_ones(
    client: TestClient, planted: dict[str, Any]
) -> None:
    found = rows(client, "unpartnered-communities")
    missing = {
        kind: sorted(row["community_id"] for row in found if kind in row["missing"])
        for kind in ("service_team", "organ_branch", "co_building_unit")
    }
    assert missing == {
        "service_team": sorted(planted["communities_without_service_team"]),
        "organ_branch": sorted(planted["communities_without_organ_branch"]),
        "co_building_unit": sorted(planted["communities_without_co_building_unit"]),
    }


def test_overloaded_liaisons_by_the_limits_are_exactly_the_planted_ones(
    client: TestClient, planted: dict[str, Any]
) -> None:
    limits = planted["limits"]
    found = rows(
        client,
        "overloaded-liaisons",
        stairwell_limit=limits["stairwells_per_liaison"],
        household_limit=limits["households_per_liaison"],
    )
    over_a_limit = {
        (row["person_id"], row["stairwells"], row["households"])
        for row in found
        if {"stairwell_limit", "household_limit"} & set(row["reasons"])
    }
    assert over_a_limit == {
        (entry["person_id"], entry["stairwells"], entry["households"])
        for entry in planted["overloaded_liaisons"]
    }


def test_overloaded_cadres_and_departments_are_exactly_the_planted_ones(
    client: TestClient, planted: dict[str, Any]
) -> None:
    limits = planted["limits"]
    found = rows(
        client,
        "overloaded-cadres",
        grid_limit=limits["grids_per_cadre"],
        community_limit=limits["communities_per_department"],
    )
    assert {(row["id"], row["load"]) for row in found if row["kind"] == "cadre"} == {
        (entry["person_id"], entry["grids"]) for entry in planted["overloaded_cadres"]
    }
    assert {(row["id"], row["load"]) for row in found if row["kind"] == "department"} == {
        (entry["department_id"], entry["communities"])
        for entry in planted["overloaded_departments"]
    }


def test_wartime_gaps_are_exactly_the_planted_ones(
    client: TestClient, planted: dict[str, Any]
) -> None:
    found = rows(client, "wartime-coverage")
    assert sorted(row["id"] for row in found if row["kind"] == "building") == sorted(
        planted["buildings_without_wartime_person"]
    )
    assert sorted(row["id"] for row in found if row["kind"] == "checkpoint") == sorted(
        planted["checkpoints_without_wartime_person"]
    )


def test_the_planted_uncovered_stairwells_are_no_single_point_of_failure(
    client: TestClient, planted: dict[str, Any]
) -> None:
    """Nobody liaises with them, so nobody's loss can uncover them."""
    found = rows(client, "single-points-of-failure")
    uncovered = {f"Stairwell:{stairwell}" for stairwell in planted["uncovered_stairwells"]}
    assert not uncovered & {key for row in found for key in row["stairwell_keys"]}


# ------------------------------------------------------- recounted from the roster files


def place_chains(roster: Path) -> dict[str, list[tuple[str, str, str]]]:
    """Every (grid, community, street) a stairwell reaches through complete chains."""
    building_grids = {row["id"]: ids(row["grid_id"]) for row in table(roster, "buildings")}
    grid_communities = {row["id"]: ids(row["community_id"]) for row in table(roster, "grids")}
    community_streets = {row["id"]: ids(row["street_id"]) for row in table(roster, "communities")}
    return {
        row["id"]: [
            (grid, community, street)
            for building in ids(row["building_id"])
            for grid in building_grids.get(building, [])
            for community in grid_communities.get(grid, [])
            for street in community_streets.get(community, [])
        ]
        for row in table(roster, "stairwells")
    }


def test_coverage_rollup_matches_a_recount_of_the_roster(
    client: TestClient, sample_roster: Path
) -> None:
    chains = place_chains(sample_roster)
    households = Counter(row["stairwell_id"] for row in table(sample_roster, "households"))
    liaisons: dict[str, set[str]] = defaultdict(set)
    for row in table(sample_roster, "stairwell_liaisons"):
        liaisons[row["stairwell_id"]].add(row["person_id"])
    areas: dict[tuple[str, str], set[str]] = defaultdict(set)
    for stairwell, reached in chains.items():
        for grid, community, street in reached:
            areas["grid", grid].add(stairwell)
            areas["community", community].add(stairwell)
            areas["street", street].add(stairwell)
    expected = {}
    for (level, area), stairwells in areas.items():
        covered = {s for s in stairwells if liaisons[s]}
        total = sum(households[s] for s in stairwells)
        people = set().union(*(liaisons[s] for s in stairwells))
        expected[level, area] = (
            len(stairwells),
            len(covered),
            total,
            sum(households[s] for s in covered),
            len(people),
            len(covered) / len(stairwells),
            total / len(people) if people else None,
        )
    found = {
        (row["level"], row["area_id"]): (
            row["stairwells"],
            row["covered_stairwells"],
            row["households"],
            row["covered_households"],
            row["liaisons"],
            row["covered_share"],
            row["households_per_liaison"],
        )
        for row in rows(client, "coverage-rollup")
    }
    assert found.keys() == expected.keys()
    for area, numbers in expected.items():
        assert found[area][:5] == numbers[:5], area
        assert found[area][5] == pytest.approx(numbers[5], abs=5e-5), area
        assert found[area][6] == pytest.approx(numbers[6], abs=5e-3), area


def test_overloaded_liaisons_match_a_recount_of_the_roster(
    client: TestClient, sample_roster: Path
) -> None:
    chains = place_chains(sample_roster)
    community_of = {
        s: min((c for _, c, _ in reached), default=None) for s, reached in chains.items()
    }
    households = Counter(row["stairwell_id"] for row in table(sample_roster, "households"))
    held: dict[str, list[str]] = defaultdict(list)
    for row in table(sample_roster, "stairwell_liaisons"):
        held[row["person_id"]].append(row["stairwell_id"])
    home = {}
    for person, stairwells in held.items():
        per_community = Counter(community_of[s] for s in stairwells)
        # most stairwells first, ties to the lowest id (None, an unplaced stairwell, sorts last)
        home[person] = min(per_community, key=lambda c: (-per_community[c], c is None, c or ""))
    load = {person: sum(households[s] for s in stairwells) for person, stairwells in held.items()}
    by_community: dict[str | None, list[int]] = defaultdict(list)
    for person, community in home.items():
        by_community[community].append(load[person])
    expected = {}
    for person, stairwells in held.items():
        loads = by_community[home[person]]
        sd = statistics.pstdev(loads)
        z = (load[person] - statistics.fmean(loads)) / sd if sd > 0 else 0.0
        reasons = [
            reason
            for reason, hit in (
                ("stairwell_limit", len(stairwells) > 3),
                ("household_limit", load[person] > 54),
                ("community_outlier", z > 3.0),
            )
            if hit
        ]
        if reasons:
            expected[person] = (home[person], len(stairwells), load[person], reasons, z)
    found = {
        row["person_id"]: (
            row["community_id"],
            row["stairwells"],
            row["households"],
            row["reasons"],
            row["z_score"],
        )
        for row in rows(client, "overloaded-liaisons")
    }
    assert found.keys() == expected.keys()
    for person, numbers in expected.items():
        assert found[person][:4] == numbers[:4], person
        assert found[person][4] == pytest.approx(numbers[4], abs=0.006), person


def test_overloaded_cadres_match_a_recount_of_the_roster(
    client: TestClient, sample_roster: Path
) -> None:
    grids: dict[str, set[str]] = defaultdict(set)
    for row in table(sample_roster, "grid_leaders"):
        grids[row["person_id"]].add(row["grid_id"])
    team_communities: dict[str, set[str]] = defaultdict(set)
    for row in table(sample_roster, "team_communities"):
        team_communities[row["service_team_id"]].add(row["community_id"])
    reach: dict[str, set[str]] = defaultdict(set)
    for row in table(sample_roster, "team_departments"):
        reach[row["department_id"]] |= team_communities[row["service_team_id"]]
    organ_branch_owner = {
        row["id"]: row["owner_id"]
        for row in table(sample_roster, "party_branches")
        if row["kind"] == "organ" and row["owner_type"] == "Department"
    }
    for row in table(sample_roster, "branch_pairings"):
        if row["branch_id"] in organ_branch_owner:
            reach[organ_branch_owner[row["branch_id"]]].add(row["community_id"])
    expected = {("cadre", p, len(g)) for p, g in grids.items() if len(g) > 2} | {
        ("department", d, len(c)) for d, c in reach.items() if len(c) > 1
    }
    found = rows(client, "overloaded-cadres", grid_limit=2, community_limit=1)
    assert {(row["kind"], row["id"], row["load"]) for row in found} == expected


def test_partnerships_match_a_recount_of_the_roster(
    client: TestClient, sample_roster: Path
) -> None:
    branches = {row["id"]: row for row in table(sample_roster, "party_branches")}
    pairings = (
        [("service_team", r["service_team_id"], r["community_id"], None)
         for r in table(sample_roster, "team_communities")]
        + [("organ_branch", r["branch_id"], r["community_id"], None)
           for r in table(sample_roster, "branch_pairings")
           if branches[r["branch_id"]]["kind"] == "organ"]
        + [("co_building_unit", r["unit_id"], r["community_id"], r["since"] or None)
           for r in table(sample_roster, "co_building")]
    )  # fmt: skip
    organiser_label = {
        "service_team": "ServiceTeam",
        "organ_branch": "PartyBranch",
        "co_building_unit": "Unit",
    }
    attendances = Counter(row["event_id"] for row in table(sample_roster, "attendances"))
    events = table(sample_roster, "events")
    team_departments: dict[str, set[str]] = defaultdict(set)
    for row in table(sample_roster, "team_departments"):
        team_departments[row["service_team_id"]].add(row["department_id"])
    members = Counter(row["branch_id"] for row in table(sample_roster, "branch_members"))
    dispatched: dict[str, set[str]] = defaultdict(set)
    for row in table(sample_roster, "dispatches"):
        dispatched[row["demand_id"]].add(row["department_id"])
    resolved = [row for row in table(sample_roster, "demands") if row["status"] == "resolved"]
    expected = {}
    for kind, partner, community, since in pairings:
        held = [
            event
            for event in events
            if event["organiser_type"] == organiser_label[kind]
            and event["organiser_id"] == partner
            and event["community_id"] == community
        ]
        if kind == "service_team":
            behind = team_departments[partner]
            staffed = bool(behind)
        elif kind == "organ_branch":
            owner = branches[partner]
            behind = {owner["owner_id"]} if owner["owner_type"] == "Department" else set()
            staffed = members[partner] > 0
        else:
            behind, staffed = set(), True
        demands = (
            None
            if kind == "co_building_unit"
            else sum(
                1
                for demand in resolved
                if demand["community_id"] == community and dispatched[demand["id"]] & behind
            )
        )
        expected[kind, partner, community] = (
            since,
            staffed,
            len(held),
            sum(attendances[event["id"]] for event in held),
            sum(attendances[event["id"]] for event in held if event["kind"] == "volunteer"),
            sum(int(event["problems_solved"] or 0) for event in held),
            demands,
        )
    found = {
        (row["partner_kind"], row["partner_id"], row["community_id"]): (
            row["since"],
            row["staffed"],
            row["events"],
            row["attendances"],
            row["volunteer_person_times"],
            row["problems_solved"],
            row["demands_resolved"],
        )
        for row in rows(client, "partnerships")
    }
    assert found == expected
    # The sample is active: the recount is not comparing zeros with zeros.
    assert sum(numbers[3] for numbers in expected.values()) > 1000


def test_every_analysis_runs_on_the_sample_with_its_defaults_and_no_warning(
    client: TestClient, sample_db: Runner, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="neo4j.notifications"):
        for entry in client.get("/api/v1/analyses").json()["analyses"]:
            response = client.get(f"/api/v1/analyses/{entry['name']}", params={"limit": 1})
            assert response.status_code == 200, (entry["name"], response.text)
    assert [record.getMessage() for record in caplog.records] == []
