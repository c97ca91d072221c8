"""One rule, one place: the three rules a reader could take two ways are each written once and
every analysis that needs one uses it, so analyses that share a rule agree.

- which teams count as a community's service team: `cypher/rules/community-service-teams`;
- where a stairwell with two parents belongs: `cypher/rules/stairwell-place`;
- how a person of two departments counts when one is recalled: `people_lost` in
  `graph_service/algorithms/coverage_risk.py` (what-if and wartime-dependence).

Answers are worked out by hand on tests/fixtures/shared-rules.cypher (its header says what it
holds)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import load_fixture
from fastapi.testclient import TestClient

from graph_service.analyses import projections
from graph_service.db import queries
from graph_service.db.queries import HeaderError
from graph_service.db.runner import Runner

RULES = queries.file_names("rules")
USERS = [name for name in queries.file_names() if not name.startswith("rules/")]
# The person–organisation network (brokers) is every link as it is: a general team serving a
# community is a real tie there, not a claim that the community has a service team.
# What an account limited to a community may see is every team linked to its places, a
# general team too: visibility, not a claim about who serves it.
RAW_NETWORK = {"projections/person-organisation", "auth/scope-members"}
QUERY_NAME = r"(?:analyses|projections|history|roster)/[a-z-]+"


@pytest.fixture
def shared_rules(empty_db: Runner) -> Runner:
    load_fixture(empty_db, "shared-rules")
    return empty_db


def rows(client: TestClient, name: str, **params: Any) -> list[dict[str, Any]]:
    answer = client.get(f"/api/v1/analyses/{name}", params={"limit": 1000, **params})
    assert answer.status_code == 200, answer.text
    found: list[dict[str, Any]] = answer.json()["rows"]
    return found


def test_each_rule_names_exactly_the_queries_that_use_it() -> None:
    assert RULES == ["rules/community-service-teams", "rules/stairwell-place"]
    for rule in RULES:
        notes = queries.query_file(rule).notes
        named = set(re.findall(QUERY_NAME, notes.split("Used by:")[1]))
        using = {name for name in USERS if rule in queries.query_file(name).rules}
        assert named == using, rule


def test_every_query_asking_for_a_community_s_service_team_goes_through_the_rule() -> None:
    for name in USERS:
        query = queries.query_file(name)
        own_text = (queries.CYPHER_DIR / f"{name}.cypher").read_text(encoding="utf-8")
        if ":SERVES]" in own_text and name not in RAW_NETWORK:
            assert "rules/community-service-teams" in query.rules, name


def test_a_rule_is_taken_in_where_it_is_used_and_includes_nothing_itself() -> None:
    text = "// title: 测试 | Test\n// description: d\n// mode: read\nMATCH (c:Community)\n"
    query = queries.parse(
        "analyses/test", text + "CALL (c) {\n  // include: rules/community-service-teams\n}\n"
        "RETURN c, service_team\n"
    )  # fmt: skip
    assert query.rules == ("rules/community-service-teams",)
    assert "  MATCH (service_team:ServiceTeam)-[:SERVES]->(c:Community)" in query.text
    with pytest.raises(HeaderError, match="line 5: no rule named 'rules/nothing'"):
        queries.parse("analyses/test", text + "// include: rules/nothing\nRETURN c\n")
    with pytest.raises(HeaderError, match="only a query may include"):
        queries.parse("rules/test", text + "// include: rules/stairwell-place\nRETURN c\n")
    with pytest.raises(HeaderError, match="only a rule"):
        queries.parse("analyses/test", text + "// include: analyses/partnerships\nRETURN c\n")


def test_a_general_team_is_no_community_s_service_team_in_any_analysis(
    shared_rules: Runner, client: TestClient
) -> None:
    lacking = {r["community_id"] for r in rows(client, "unpartnered-communities")
               if "service_team" in r["missing"]}  # fmt: skip
    teams = {(r["partner_id"], r["community_id"]) for r in rows(client, "partnerships")
             if r["partner_kind"] == "service_team"}  # fmt: skip
    offered = {(r["community_id"], r["candidate_key"]) for r in rows(client, "pairing-suggestions")
               if r["missing"] == "service_team"}  # fmt: skip
    overlap = rows(client, "partner-overlap")
    # By hand: T1 (staffed by DP1) serves CM1; TG, a general team, is CM2's only team.
    assert lacking == {"CM2"}
    assert teams == {("T1", "CM1")}
    # DP2 is in no community team, so it reaches no community and is offered to CM2 first.
    assert offered == {("CM2", "Department:DP2"), ("CM2", "Department:DP1")}
    assert [r["candidate_key"] for r in rows(client, "pairing-suggestions")
            if r["missing"] == "service_team"] == ["Department:DP2", "Department:DP1"]  # fmt: skip
    assert overlap == []  # DP2 partners no community: nothing to overlap with
    # The analyses agree: the communities with no team in partnerships are those said to lack one.
    assert lacking == {"CM1", "CM2"} - {community for _, community in teams}


def test_a_stairwell_with_two_parents_is_in_one_place_for_every_analysis(
    shared_rules: Runner, client: TestClient
) -> None:
    # By hand: S1 is under B1, which is in G1 (CM1) and G2 (CM2): the rule takes G1, CM1.
    [s1] = rows(client, "uncovered-stairwells")
    assert (s1["stairwell_id"], s1["building_id"], s1["grid_id"], s1["community_id"]) == (
        "S1", "B1", "G1", "CM1"
    )  # fmt: skip
    uncovered_in = {
        community: [r["stairwell_id"] for r in rows(client, "uncovered-stairwells",
                                                     community_id=community)]
        for community in ("CM1", "CM2")
    }  # fmt: skip
    assert uncovered_in == {"CM1": ["S1"], "CM2": []}
    rollup = {
        (r["level"], r["area_id"]): (r["stairwells"], r["covered_stairwells"], r["households"])
        for r in rows(client, "coverage-rollup")
    }
    assert rollup == {
        ("street", "ST1"): (2, 1, 3),
        ("community", "CM1"): (1, 0, 2),
        ("community", "CM2"): (1, 1, 1),
        ("grid", "G1"): (1, 0, 2),
        ("grid", "G2"): (1, 1, 1),
    }
    # The two analyses agree community by community, and the communities add up to the street.
    for community, listed in uncovered_in.items():
        stairwells, covered, _ = rollup[("community", community)]
        assert len(listed) == stairwells - covered
    assert sum(v[0] for (level, _), v in rollup.items() if level == "community") == 2
    # The figures kept with each snapshot count it in the same grid.
    totals = {r["grid_id"]: (r["stairwells"], r["covered_stairwells"], r["households"])
              for r in shared_rules.run("history/grid-totals")}  # fmt: skip
    assert totals == {"G1": rollup[("grid", "G1")], "G2": rollup[("grid", "G2")]}
    # what-if, single points of failure and the rebalance plan read the same place.
    graph = projections.liaison_coverage(shared_rules, "test")
    s1_node = graph.nodes["Stairwell:S1"]
    assert (s1_node["grid_id"], s1_node["community_id"]) == ("G1", "CM1")


def test_a_person_of_two_departments_counts_for_both_in_what_if_and_dependence(
    shared_rules: Runner, client: TestClient
) -> None:
    dependence = {r["department_id"]: r["place_keys"] for r in rows(client, "wartime-dependence")}
    # By hand: B2's only holder PW works in DP1 and DP2, so recalling either darkens it; K1 is
    # held by PX (DP1) and PY (DP2), so it survives either recall.
    assert dependence == {"DP1": ["Building:B2"], "DP2": ["Building:B2"]}
    for department, places in dependence.items():
        answer = client.get("/api/v1/what-if", params={"remove": f"Department:{department}"})
        assert answer.status_code == 200, answer.text
        assert [p["key"] for p in answer.json()["wartime_places"]] == places
    assert rows(client, "wartime-dependence", community_id="CM1") == []  # B2 is in CM2
    [row] = rows(client, "wartime-dependence", community_id="CM2")[:1]
    assert (row["buildings"], row["checkpoints"], row["communities"]) == (1, 0, 1)
