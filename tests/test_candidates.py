"""Who could take a stairwell: ranked exactly as the stated rules say (drill-street fixture).

The rules (graph_service.algorithms.candidates): 1 a party member living in the stairwell,
2 in its building, 3 a retired member living in its grid, 4 a liaison of its grid with room,
5 a volunteer active in its community lately; listed once at the best rank with every reason;
never a current liaison or someone a limit stops; within a rank fewer stairwells, then fewer
households, then key.
"""

from __future__ import annotations

import pytest
from conftest import load_fixture
from fastapi.testclient import TestClient

from graph_service.analyses.candidates import stairwell_candidates
from graph_service.db.runner import Runner

PROBLEM = "application/problem+json"


@pytest.fixture
def drill_street(empty_db: Runner) -> Runner:
    load_fixture(empty_db, "drill-street")
    return empty_db


def test_candidates_for_a_stairwell_rank_as_the_rules_say(
    client: TestClient, drill_street: Runner
) -> None:
    # S1 (B1, G1, C1; 10 households; liaison PX, never listed).
    # PM1 lives in S1 (rank 1; also in B1). PM6 lives in S1 too, but holds S6's 50
    # households: 60 > 54, so a limit stops them. PM2 (retired) lives in S2 of B1 (rank 2;
    # also retired in G1). PM3 (retired) lives in S3 of B2, G1 (rank 3). PM4 lives in S3 but
    # is no party member. PL2 (S3, 8 households) and PL1 (S2, 12) liaise in G1 (rank 4: one
    # stairwell each, fewer households first). PV1 volunteered in C1 on the latest date
    # (rank 5); POLD only in 2019. PG leads G2 and PC is a cadre: neither meets a rule.
    response = client.get("/api/v1/candidates", params={"place": "Stairwell:S1"})
    assert response.status_code == 200, response.text
    (place,) = response.json()["places"]
    assert (place["place_key"], place["households"], place["liaisons"]) == (
        "Stairwell:S1", 10, ["Person:PX"]
    )  # fmt: skip
    assert [(c["person_key"], c["rank"], c["reasons"]) for c in place["candidates"]] == [
        ("Person:PM1", 1, ["lives_in_stairwell", "lives_in_building"]),
        ("Person:PM2", 2, ["lives_in_building", "retired_in_grid"]),
        ("Person:PM3", 3, ["retired_in_grid"]),
        ("Person:PL2", 4, ["liaison_in_grid"]),
        ("Person:PL1", 4, ["liaison_in_grid"]),
        ("Person:PV1", 5, ["active_volunteer"]),
    ]
    assert place["candidates"][0]["phone"] == "138****5678"


def test_the_volunteer_window_counts_back_from_the_latest_activity(drill_street: Runner) -> None:
    # The latest activity is 2021-06-01; POLD's is 2019-01-01, 882 days before. Within 900
    # days both volunteers are active, rank 5, equal loads: by key, POLD before PV1.
    wide = stairwell_candidates(drill_street, "S1", recent_days=900)
    assert [(c.person, c.rank) for c in wide.candidates][-2:] == [
        ("Person:POLD", 5),
        ("Person:PV1", 5),
    ]
    narrow = stairwell_candidates(drill_street, "S1", recent_days=881)
    assert "Person:POLD" not in {c.person for c in narrow.candidates}


def test_candidates_for_an_overloaded_members_excess(
    client: TestClient, drill_street: Runner
) -> None:
    # With a household limit of 40, PM6 (S6: 50 households) must give up S6, their only
    # stairwell. S6 alone holds more than 40 households, so the limit stops every candidate.
    body = client.get(
        "/api/v1/candidates", params={"person": "Person:PM6", "household_limit": 40}
    ).json()
    assert (body["stairwells"], body["households"]) == (1, 50)
    assert [p["place_key"] for p in body["places"]] == ["Stairwell:S6"]
    assert body["places"][0]["candidates"] == []
    # PL1 (one stairwell, 12 households) is within the limits: nothing to give up.
    within = client.get("/api/v1/candidates", params={"person": "Person:PL1"}).json()
    assert within["places"] == []


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"place": "Stairwell:S99"}, 404),
        ({"person": "Person:NOPE"}, 404),
        ({"place": "Building:B1"}, 422),
        ({"place": "S1"}, 422),
        ({}, 422),
        ({"place": "Stairwell:S1", "person": "Person:PM6"}, 422),
    ],
)
def test_candidates_refuse_what_they_cannot_answer(
    client: TestClient, drill_street: Runner, params: dict, status: int
) -> None:
    response = client.get("/api/v1/candidates", params=params)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
