"""Each named analysis on the hand-built street (tests/fixtures/small-street.cypher).

Every expected row below was worked out by hand from the fixture's comments and CREATE clauses,
not by running the query: if a query changes meaning, these fail.
"""

from __future__ import annotations

from typing import Any

import pytest
from answers import rows
from fastapi.testclient import TestClient

pytestmark = pytest.mark.usefixtures("small_street")


def pick(found: list[dict[str, Any]], *columns: str) -> list[tuple[Any, ...]]:
    return [tuple(row[column] for column in columns) for row in found]


def test_uncovered_stairwells(client: TestClient) -> None:
    found = rows(client, "uncovered-stairwells")
    assert pick(found, "stairwell_id", "households", "building_id", "grid_id", "community_id") == [
        ("S5", 1, "B3", "G3", "CM2"),
        ("S6", 1, "B4", None, None),  # its building has no grid: unplaced, still uncovered
        ("S7", 0, None, None, None),  # hangs off a grid, not a building
    ]
    assert found[0]["node_key"] == "Stairwell:S5"
    assert found[0]["community"] == "西苑社区"
    # Who to call: G3 has 刘洋 (P5) as party-group leader and no grid head.
    assert pick(found, "grid_heads", "party_group_leaders") == [([], ["刘洋"]), ([], []), ([], [])]
    only_cm2 = rows(client, "uncovered-stairwells", community_id="CM2")
    assert pick(only_cm2, "stairwell_id") == [("S5",)]


def test_leaderless_grids(client: TestClient) -> None:
    found = rows(client, "leaderless-grids")
    assert pick(found, "grid_id", "community_id", "missing") == [
        ("G2", "CM1", ["party_group_leader"]),
        ("G3", "CM2", ["grid_head"]),
    ]
    everything = rows(client, "leaderless-grids", grid_kind="all")
    assert pick(everything, "grid_id", "grid_kind", "missing") == [
        ("G2", "residential", ["party_group_leader"]),
        ("G3", "residential", ["grid_head"]),
        ("G4", "dedicated", ["party_group_leader"]),  # in CM2 and CM3: listed under CM2
    ]


def test_grid_leaders(client: TestClient) -> None:
    # 陈刚 (P4) heads G1 and G2; 刘洋 (P5) leads G1's and G3's party groups and heads G4, which
    # hangs under CM2 and CM3 and is listed under CM2.
    assert pick(rows(client, "grid-leaders"), "grid_id", "community_id", "grid_heads") == [
        ("G1", "CM1", ["陈刚"]),
        ("G2", "CM1", ["陈刚"]),
        ("G3", "CM2", []),
        ("G4", "CM2", ["刘洋"]),
    ]
    in_cm2 = rows(client, "grid-leaders", community_id="CM2", grid_kind="residential")
    assert pick(in_cm2, "grid", "grid_heads", "party_group_leaders") == [
        ("西苑一网格", [], ["刘洋"])
    ]
    assert pick(rows(client, "grid-leaders", community_id="CM3"), "grid_id") == []


def test_coverage_rollup(client: TestClient) -> None:
    found = rows(client, "coverage-rollup")
    columns = (
        "level",
        "area_id",
        "stairwells",
        "covered_stairwells",
        "covered_share",
        "households",
        "covered_households",
        "liaisons",
        "households_per_liaison",
    )
    # S6 and S7 cannot be placed on the street, so five stairwells and 11 households count.
    assert pick(found, *columns) == [
        ("street", "ST1", 5, 4, 0.8, 11, 10, 3, 3.67),
        ("community", "CM1", 3, 3, 1.0, 6, 6, 2, 3.0),
        ("community", "CM2", 2, 1, 0.5, 5, 4, 1, 5.0),
        ("grid", "G1", 2, 2, 1.0, 5, 5, 2, 2.5),
        ("grid", "G2", 1, 1, 1.0, 1, 1, 1, 1.0),
        ("grid", "G3", 2, 1, 0.5, 5, 4, 1, 5.0),
    ]
    assert found[0]["covered_household_share"] == pytest.approx(10 / 11, abs=1e-4)
    assert pick(rows(client, "coverage-rollup", level="community"), "area_id") == [
        ("CM1",),
        ("CM2",),
    ]


def test_broken_chains(client: TestClient) -> None:
    found = rows(client, "broken-chains")
    assert pick(found, "label", "id", "problem", "parent_ids", "places_below") == [
        ("Grid", "G4", "several_parents", ["CM2", "CM3"], 0),
        ("Building", "B4", "missing_parent", [], 2),  # S6 and H12 hang below it
        ("Stairwell", "S7", "wrong_parent", [], 0),
        ("Household", "H13", "missing_parent", [], 0),
    ]


def test_unpartnered_communities(client: TestClient) -> None:
    found = rows(client, "unpartnered-communities")
    assert pick(found, "community_id", "service_teams", "organ_branches", "co_building_units") == [
        ("CM2", 1, 0, 1),
        # T2 serves CM3 on paper only (no department in it); the general team T9 runs a
        # checkpoint and is no community team; OB2 counts because P7 is its member.
        ("CM3", 0, 1, 0),
    ]
    assert [row["missing"] for row in found] == [
        ["organ_branch"],
        ["service_team", "co_building_unit"],
    ]


def test_overloaded_liaisons_by_default_limits_finds_nobody(client: TestClient) -> None:
    # P1 has 3 stairwells and 6 households: at, not over, the defaults (3 and 54).
    assert rows(client, "overloaded-liaisons") == []


def test_overloaded_liaisons_by_absolute_limits(client: TestClient) -> None:
    found = rows(client, "overloaded-liaisons", stairwell_limit=2, household_limit=5)
    assert pick(found, "person_id", "community_id", "stairwells", "households", "reasons") == [
        ("P1", "CM1", 3, 6, ["stairwell_limit", "household_limit"]),
    ]


def test_overloaded_liaisons_as_community_outliers(client: TestClient) -> None:
    # CM1's members carry 6 (P1) and 3 (P3) households: mean 4.5, population sd 1.5, so P1's
    # z-score is +1.0 and P3's -1.0. P2 is alone in CM2 (sd 0, z 0).
    found = rows(client, "overloaded-liaisons", z_limit=0.9)
    assert pick(found, "person_id", "community_mean_households", "z_score", "reasons") == [
        ("P1", 4.5, 1.0, ["community_outlier"]),
    ]
    assert rows(client, "overloaded-liaisons", z_limit=1.0) == []


def test_overloaded_cadres(client: TestClient) -> None:
    # P5 leads three grids: at the default limit (3), over a limit of 2.
    assert rows(client, "overloaded-cadres") == []
    found = rows(client, "overloaded-cadres", grid_limit=2)
    assert pick(found, "kind", "id", "load", "load_limit", "items") == [
        ("cadre", "P5", 3, 2, ["G1", "G3", "G4"]),
    ]
    # DP1 and DP2 reach CM1 and CM2 (team T1; DP1 also through OB1), DP3 only CM3.
    strict = rows(client, "overloaded-cadres", grid_limit=3, community_limit=1)
    assert pick(strict, "kind", "id", "load", "items") == [
        ("department", "DP1", 2, ["CM1", "CM2"]),
        ("department", "DP2", 2, ["CM1", "CM2"]),
    ]


def test_partnerships(client: TestClient) -> None:
    found = rows(client, "partnerships")
    columns = (
        "community_id",
        "partner_kind",
        "partner_id",
        "staffed",
        "events",
        "attendances",
        "volunteer_person_times",
        "problems_solved",
        "demands_resolved",
    )
    assert pick(found, *columns) == [
        ("CM1", "co_building_unit", "U1", True, 1, 0, 0, 0, None),
        # E2 (volunteer, 3 attended, 2 problems solved); DM1 went to DP1, OB1's department
        ("CM1", "organ_branch", "OB1", True, 1, 3, 3, 2, 1),
        # E1; DM1 (DP1 is in T1), not DM2 (DP3 is not)
        ("CM1", "service_team", "T1", True, 1, 2, 0, 0, 1),
        ("CM2", "co_building_unit", "U2", True, 0, 0, 0, 0, None),
        # E5; OB1's E3 in CM2 is not this pairing's
        ("CM2", "service_team", "T1", True, 1, 1, 0, 0, 0),
        ("CM3", "organ_branch", "OB2", True, 0, 0, 0, 0, 0),
        ("CM3", "service_team", "T2", False, 0, 0, 0, 0, 0),  # no department: on paper only
    ]
    assert found[0]["since"] == "2019-05-01"
    assert found[0]["partner_key"] == "Unit:U1"


def test_partner_overlap(client: TestClient) -> None:
    found = rows(client, "partner-overlap")
    assert pick(found, "partner_a_key", "partner_b_key", "shared_community_ids", "jaccard") == [
        ("Department:DP1", "Department:DP2", ["CM1", "CM2"], 1.0),
        ("Department:DP1", "Unit:U1", ["CM1"], 0.5),
        ("Department:DP1", "Unit:U2", ["CM2"], 0.5),
        ("Department:DP2", "Unit:U1", ["CM1"], 0.5),
        ("Department:DP2", "Unit:U2", ["CM2"], 0.5),
    ]
    two = rows(client, "partner-overlap", min_shared=2)
    assert pick(two, "partner_a_key", "partner_b_key", "shared_communities") == [
        ("Department:DP1", "Department:DP2", 2)
    ]


def test_wartime_coverage(client: TestClient) -> None:
    found = rows(client, "wartime-coverage")
    assert pick(found, "kind", "id", "grid_id", "community_id") == [
        ("building", "B3", "G3", "CM2"),
        ("building", "B4", None, None),
        ("checkpoint", "K2", None, "CM2"),
    ]
    only_cm2 = rows(client, "wartime-coverage", community_id="CM2")
    assert pick(only_cm2, "id") == [("B3",), ("K2",)]


def test_demand_flow(client: TestClient) -> None:
    found = rows(client, "demand-flow")
    columns = (
        "status",
        "module_id",
        "department_id",
        "demands",
        "mean_days_to_resolve",
        "median_days_to_resolve",
    )
    assert pick(found, *columns) == [
        ("open", "M2", None, 1, None, None),
        ("dispatched", "M1", "DP2", 1, None, None),
        ("resolved", "M1", "DP1", 1, 10.0, 10),
        ("resolved", "M1", "DP3", 1, 4.0, 4),
    ]
    only_cm2 = rows(client, "demand-flow", community_id="CM2")
    assert pick(only_cm2, "status") == [("open",), ("dispatched",)]


def test_pairing_suggestions(client: TestClient) -> None:
    found = rows(client, "pairing-suggestions")
    columns = ("community_id", "missing", "candidate_key", "communities_served", "activity")
    assert pick(found, *columns) == [
        # CM2 lacks an organ branch: OB1 (paired with CM1, organised E2 and E3), OB2 (CM3, none)
        ("CM2", "organ_branch", "PartyBranch:OB1", 1, 2),
        ("CM2", "organ_branch", "PartyBranch:OB2", 1, 0),
        # CM3 lacks a co-building unit: U1 (CM1, organised E4), U2 (CM2, nothing)
        ("CM3", "co_building_unit", "Unit:U1", 1, 1),
        ("CM3", "co_building_unit", "Unit:U2", 1, 0),
        # and a staffed team: DP3 reaches only CM3 (through OB2), DP1 and DP2 reach two
        ("CM3", "service_team", "Department:DP3", 1, 1),
        ("CM3", "service_team", "Department:DP1", 2, 1),
        ("CM3", "service_team", "Department:DP2", 2, 1),
    ]
    one_each = rows(client, "pairing-suggestions", per_community=1)
    assert pick(one_each, "community_id", "candidate_key") == [
        ("CM2", "PartyBranch:OB1"),
        ("CM3", "Unit:U1"),
        ("CM3", "Department:DP3"),
    ]
