"""The analysis answer cache: a repeated question is answered without a query, and any change
of the graph (an import, an applied plan, a write from elsewhere) is never answered from it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from graph_service.analyses.result_cache import ResultCache
from graph_service.app import create_app
from graph_service.db.runner import Runner
from graph_service.settings import Settings


class Counting:
    """A computation that says how often it ran."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        return self.calls


def test_a_repeated_key_is_answered_from_the_cache(small_street: Runner) -> None:
    cache, compute = ResultCache(check_every_s=0), Counting()
    assert cache.get_or_compute(small_street, "a", compute) == 1
    assert cache.get_or_compute(small_street, "a", compute) == 1
    assert cache.get_or_compute(small_street, "b", compute) == 2
    assert (cache.hits, cache.misses) == (1, 2)


def test_clear_and_a_changed_graph_drop_every_answer(small_street: Runner) -> None:
    cache, compute = ResultCache(check_every_s=0), Counting()
    cache.get_or_compute(small_street, "a", compute)
    cache.clear()
    assert cache.get_or_compute(small_street, "a", compute) == 2
    small_street.run("admin/wipe")  # another writer: the counts change
    assert cache.get_or_compute(small_street, "a", compute) == 3


def test_old_answers_expire_and_size_is_bounded(small_street: Runner) -> None:
    compute = Counting()
    expired = ResultCache(check_every_s=0, max_age_s=0)
    expired.get_or_compute(small_street, "a", compute)
    assert expired.get_or_compute(small_street, "a", compute) == 2  # max_age 0: no reuse
    small = ResultCache(max_entries=1, check_every_s=0)
    small.get_or_compute(small_street, "a", compute)
    small.get_or_compute(small_street, "b", compute)
    assert small.get_or_compute(small_street, "a", compute) == 5  # "a" was pushed out


@pytest.fixture
def cached_client(settings: Settings, analyst_headers: dict[str, str]) -> Iterator[TestClient]:
    """An app with the cache on (the suite's shared client runs with it off)."""
    cached = settings.model_copy(update={"result_cache_s": 300.0})
    with TestClient(create_app(cached), headers=analyst_headers) as client:
        yield client


def test_the_api_answers_from_the_cache_until_the_graph_changes(
    small_street: Runner, cached_client: TestClient
) -> None:
    first = cached_client.get("/api/v1/analyses/uncovered-stairwells").json()
    cache = cached_client.app.state.result_cache  # type: ignore[attr-defined]
    assert cached_client.get("/api/v1/analyses/uncovered-stairwells").json() == first
    assert cache.hits == 1
    small_street.run("admin/wipe")  # written by another client: the counts change
    cache._checked_at = 0.0  # the next request checks the counts now, not within the second
    after = cached_client.get("/api/v1/analyses/uncovered-stairwells").json()
    assert after["total"] == 0 and first["total"] > 0


def test_an_answer_computed_on_a_graph_since_replaced_is_not_kept(small_street: Runner) -> None:
    cache, compute = ResultCache(check_every_s=0), Counting()

    def changed_meanwhile() -> int:
        cache.clear()  # the graph was written while this answer was being computed
        return compute()

    assert cache.get_or_compute(small_street, "a", changed_meanwhile) == 1
    assert cache.get_or_compute(small_street, "a", compute) == 2


def test_every_default_answer_is_kept_for_a_new_graph_before_anyone_asks(
    small_street: Runner, settings: Settings, client: TestClient, analyst_headers: dict[str, str]
) -> None:
    keeping = settings.model_copy(update={"result_cache_s": 300.0, "keep_answers": True})
    with TestClient(create_app(keeping), headers=analyst_headers) as kept_client:
        cache = kept_client.app.state.result_cache  # type: ignore[attr-defined]
        cache.renew(small_street)  # as an import through the API does
        names = [entry["name"] for entry in client.get("/api/v1/analyses").json()["analyses"]]
        deadline = time.monotonic() + 120
        while len(cache._entries) < len(names) and time.monotonic() < deadline:
            time.sleep(0.2)
        misses = cache.misses
        for name in names:
            kept = kept_client.get(f"/api/v1/analyses/{name}", params={"limit": 10_000}).json()
            # the suite's client keeps nothing: its answer is computed now, on request
            fresh = client.get(f"/api/v1/analyses/{name}", params={"limit": 10_000}).json()
            assert kept == fresh, name
        assert cache.misses == misses  # every answer came from what was kept
