"""The explorer's answers as lists: what goes dark in a what-if, and every finding as a table.

Each test answers an analyst's question through the page and checks the answer against the API
(and, for a recall, against a second analysis that works it out another way).
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from playwright.sync_api import Browser, Page
from test_explorer_page import ARTIFACTS, browser, open_explorer  # noqa: F401 (fixture)

from graph_service.db.runner import Runner

pytestmark = [pytest.mark.browser, pytest.mark.sample]

WAIT_MS = 60000
# What the items of an overloaded-cadres row are: a cadre's grids, a department's communities.
LEADS = {"cadre": "Grid", "department": "Community"}


def ready(page: Page, overlay: str) -> None:
    page.wait_for_function(
        f"['ready', 'failed'].includes(window.explorer.overlayData.get('{overlay}')?.status)",
        timeout=WAIT_MS,
    )
    assert page.evaluate(f"window.explorer.overlayData.get('{overlay}').status") == "ready"


def table_keys(page: Page) -> list[str]:
    """The node keys of the findings table's rows, top to bottom."""
    return page.eval_on_selector_all(
        "#findings tbody tr", "(rows) => rows.map((row) => row.dataset.key)"
    )


def legend_count(page: Page, text: str) -> int:
    """The count the legend gives beside `text`, e.g. '断联楼道 (12)' -> 12."""
    row = page.locator("#legend .legend-row", has_text=text).first.inner_text()
    return int(row.rsplit("(", 1)[1].rstrip(")"))


def api(page: Page, url: str, path: str, **params: Any) -> Any:
    response = page.request.get(f"{url}{path}", params=params)
    assert response.ok, response.text()
    return response.json()


def check_what_if(page: Page, url: str, removed: list[str]) -> dict[str, Any]:
    """The page's what-if for `removed` equals the API's: marks, legend counts and the list."""
    ready(page, "whatif")
    answer = api(page, url, "/api/v1/what-if", remove=",".join(removed))
    stairwells = {s["key"] for s in answer["stairwells"]}
    places = {p["key"] for p in answer["wartime_places"]}
    marks = dict(page.evaluate("[...window.explorer.overlayData.ready('whatif').marks]"))
    assert {k for k, c in marks.items() if c == "goesDark"} == stairwells
    assert {k for k, c in marks.items() if c in ("buildingDark", "checkpointDark")} == places
    assert legend_count(page, "断联楼道") == answer["uncovered_stairwells"]
    assert legend_count(page, "战时无人包干的楼栋") == answer["dark_buildings"]
    assert legend_count(page, "战时无人值守的卡点") == answer["dark_checkpoints"]
    assert sorted(table_keys(page)) == sorted(stairwells | places)
    return answer


def test_sample_recalling_departments_or_a_person_shows_everything_that_goes_dark(
    browser: Browser,  # noqa: F811
    live_server: str,
    sample_db: Runner,
) -> None:
    page, console = open_explorer(browser, live_server)
    # A second method: wartime-dependence lists, per department, the places only it holds.
    rows = api(page, live_server, "/api/v1/analyses/wartime-dependence", limit=100)["rows"]
    assert len(rows) >= 2
    departments = [rows[0]["node_key"], rows[1]["node_key"]]
    held_alone = set(rows[0]["place_keys"]) | set(rows[1]["place_keys"])
    page.evaluate(f"window.explorer.state.set({{ removed: {departments}, table: 'whatif' }})")
    answer = check_what_if(page, live_server, departments)
    assert held_alone <= {p["key"] for p in answer["wartime_places"]}
    assert answer["dark_buildings"] + answer["dark_checkpoints"] >= len(held_alone) > 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "explorer-sample-recall.png"))

    # A person: the one holding the first place the recall darkened, removed from its details.
    place = answer["wartime_places"][0]["key"]
    label, node_id = place.split(":")
    around = api(page, live_server, f"/api/v1/nodes/{label}/{node_id}/neighborhood", depth=1)
    holder = next(n["key"] for n in around["nodes"] if n["key"].startswith("Person:"))
    page.evaluate("window.explorer.state.set({ removed: [] })")
    page.evaluate(f"window.explorer.reveal('{holder}')")
    page.wait_for_function(f"window.explorer.view.selected === '{holder}'")
    page.get_by_role("button", name="移除后看哪里断联").click()
    page.wait_for_function("window.explorer.view.removed.length === 1")
    check_what_if(page, live_server, [holder])
    assert console.errors == []
    page.context.close()


def open_table(page: Page, overlay: str) -> None:
    page.evaluate(
        f"window.explorer.state.set({{ overlays: new Set(['{overlay}']), table: '{overlay}',"
        " tableSort: '', tableFilter: '' })"
    )
    ready(page, overlay)  # the table is drawn as the result arrives


def table_cells(page: Page) -> list[dict[str, str]]:
    """The findings table as drawn: one {column: cell text} per row, top to bottom."""
    return page.evaluate(
        """() => {
          const names = [...document.querySelectorAll('#findings thead th')]
            .map((th) => th.dataset.column);
          return [...document.querySelectorAll('#findings tbody tr')].map((tr) =>
            Object.fromEntries([...tr.cells].map((td, i) => [names[i], td.textContent])));
        }"""
    )


def api_chains(page: Page, url: str, keys: list[str]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Each place's chain as the API's place-chains answer gives it: {label: [node attributes]}
    (every parent followed: a place with two parents has both)."""
    csrf = {c["name"]: c["value"] for c in page.context.cookies()}["gs_csrf"]
    response = page.request.post(
        f"{url}/api/v1/graph/chains",
        data={"keys": sorted(set(keys))},
        headers={"X-CSRF-Token": csrf},
    )
    assert response.ok, response.text()
    nodes = {n["key"]: n["attributes"] for n in response.json()["nodes"]}
    parents: dict[str, list[str]] = {}
    for edge in response.json()["edges"]:
        parents.setdefault(edge["source"], []).append(edge["target"])
    chains: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for key in keys:
        chain: dict[str, list[dict[str, Any]]] = {}
        seen, up = set(), [key]
        while up:
            step = up.pop(0)
            if step in seen or step not in nodes:
                continue
            seen.add(step)
            chain.setdefault(nodes[step]["label"], []).append(nodes[step])
            up.extend(parents.get(step, []))
        chains[key] = chain
    return chains


def joined(values: list[Any]) -> str:
    """A list cell as the table writes it: distinct values in order, joined by 、."""
    return "、".join(str(v) for v in dict.fromkeys(values))


def expected_chain_cells(
    page: Page, url: str, rows: list[dict[str, Any]], places: dict[str, list[str]]
) -> list[dict[str, str]]:
    """The chain cells of `rows` from the API: each row's places (`places`, by the row's
    node_key) up to their community, with the grid heads and party-group leaders."""
    chains = api_chains(page, url, [key for row in rows for key in places[row["node_key"]]])
    cells = []
    for row in rows:
        ups = [chains[key] for key in places[row["node_key"]]]
        grids = [grid for up in ups for grid in up.get("Grid", [])]
        # The row's own place is named by the row itself.
        above = [b for up in ups for b in up.get("Building", [])]
        above = [b for b in above if f"Building:{b['id']}" != row["node_key"]]
        cells.append(
            {
                "building": joined([b["name"] for b in above]),
                "grid": joined([g["name"] for g in grids]),
                "grid_heads": joined([n for g in grids for n in g["grid_heads"]]),
                "party_group_leaders": joined([n for g in grids for n in g["party_group_leaders"]]),
                "community": joined([c["name"] for up in ups for c in up.get("Community", [])]),
            }
        )
    return cells


def shown_count(page: Page) -> tuple[int, int]:
    shown, total = page.locator("#findings .table-count").inner_text().split("/")
    return int(shown), int(total)


def test_sample_every_finding_opens_as_a_table_the_api_agrees_with(
    browser: Browser,  # noqa: F811
    live_server: str,
    sample_db: Runner,
) -> None:
    page, console = open_explorer(browser, live_server)
    listed = {a["name"] for a in api(page, live_server, "/api/v1/analyses")["analyses"]}
    assert listed <= set(page.evaluate("window.explorer.analysesOffered()"))
    tables = {
        "cadres": "overloaded-cadres",
        "suggestions": "pairing-suggestions",
        "dependence": "wartime-dependence",
        "overlap": "partner-overlap",
        "clusters": "collaboration-clusters",
    }
    for overlay, analysis in tables.items():
        open_table(page, overlay)
        rows = api(page, live_server, f"/api/v1/analyses/{analysis}", limit=10000)["rows"]
        assert shown_count(page) == (len(rows), len(rows)), overlay
        assert page.locator("#findings tbody tr").count() == min(len(rows), 300), overlay

    # The place chain: each row's places up to the community with the grid's people by role, as
    # the API's place chains give them (a grid's own name is its row's, so not repeated).
    chained = {
        "wartime": ("wartime-coverage", lambda r: [r["node_key"]]),
        "leaderless": ("leaderless-grids", lambda r: [r["node_key"]]),
        # The sample plants a stairwell in two buildings: its row names both.
        "brokenchains": ("broken-chains", lambda r: [r["node_key"]]),
        "cadres": (
            "overloaded-cadres",
            lambda r: [f"{LEADS[r['kind']]}:{item}" for item in r["items"]],
        ),
    }
    for overlay, (analysis, places_of) in chained.items():
        open_table(page, overlay)
        rows = api(page, live_server, f"/api/v1/analyses/{analysis}", limit=300)["rows"]
        assert rows, analysis
        places = {row["node_key"]: places_of(row) for row in rows}
        expected = expected_chain_cells(page, live_server, rows, places)
        shown = table_cells(page)
        for column in ("building", "grid_heads", "party_group_leaders", "community"):
            assert [row.get(column, "") for row in shown] == [r[column] for r in expected], overlay
        if overlay != "leaderless":  # a grid's own name is in its row already
            assert [row.get("grid", "") for row in shown] == [r["grid"] for r in expected], overlay
        else:  # a second method: the grids the analysis says have a grid head name one
            has_head = [r["has_grid_head"] for r in rows]
            assert [bool(row.get("grid_heads")) for row in shown] == has_head
        if overlay == "brokenchains":
            assert any(len(r["parent_ids"]) == 2 for r in rows)
            assert any(len(row.get("building", "").split("、")) == 2 for row in shown)

    # The headline figure of uncovered stairwells is the analysis's count, and a way to its table.
    rows = api(page, live_server, "/api/v1/analyses/uncovered-stairwells", limit=10000)["rows"]
    headline = page.locator("#headlines [data-headline='uncovered']")
    page.wait_for_function(
        "document.querySelector(\"#headlines [data-headline='uncovered'] b\").textContent !== '…'"
    )
    assert headline.locator("b").inner_text() == str(len(rows))
    headline.click()
    ready(page, "uncovered")
    assert page.evaluate("window.explorer.view.table") == "uncovered"

    # Filter to one community, sort, export exactly what is shown.
    community = rows[0]["community"]
    expected = {  # the rows with the text in a column shown (keys are not shown)
        r["node_key"]
        for r in rows
        if any(community in str(v) for k, v in r.items() if not k.endswith(("_key", "_keys")))
    }
    page.fill("#findings input.table-filter", community)
    page.wait_for_function(f"window.explorer.view.tableFilter === '{community}'")
    assert set(table_keys(page)) == expected
    page.locator("#findings th[data-column='households']").click()  # ascending
    page.locator("#findings th[data-column='households']").click()  # descending
    page.wait_for_function("window.explorer.view.tableSort === '-households'")
    households = {r["node_key"]: r["households"] for r in rows}
    shown = [households[key] for key in table_keys(page)]
    assert shown == sorted(shown, reverse=True)
    with page.expect_download() as download:
        page.locator("#findings button.table-export").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    exported = list(csv.reader(io.StringIO(text)))
    assert exported[0][:3] == ["楼道编号", "楼道", "住户数"]
    assert {"网格长", "党小组组长"} <= set(exported[0])  # who to call, by role
    assert len(exported) - 1 == len(expected)
    assert [int(line[2]) for line in exported[1:]] == shown
    # A row is a way to the graph.
    first = table_keys(page)[0]
    page.locator(f"#findings tr[data-key='{first}']").click()
    page.wait_for_function(f"window.explorer.view.selected === '{first}'")

    # The rebalance plan reads as moves by name, with the loads before and after.
    page.evaluate(
        "window.explorer.state.set({ overlays: new Set(), rebalance: true, table: 'rebalance',"
        " tableSort: '', tableFilter: '' })"
    )
    ready(page, "rebalance")
    csrf = {c["name"]: c["value"] for c in page.context.cookies()}["gs_csrf"]
    plan = page.request.post(
        f"{live_server}/api/v1/plans/rebalance",
        data={"scope": "grid"},
        headers={"X-CSRF-Token": csrf},  # a change from the signed-in browser
    ).json()
    names, loads = plan["names"], {x["person_key"]: x["load"] for x in plan["before"]}
    after = {x["person_key"]: x["load"] for x in plan["after"]}
    move = plan["moves"][0]
    first_row = page.locator("#findings tbody tr").first.inner_text()
    assert (
        f"楼道 {names[move['stairwell_key']]}: 由 {names[move['from_key']]} "
        f"调给 {names[move['to_key']]}"
    ) in first_row
    assert f"{loads[move['from_key']]} → {after[move['from_key']]}" in first_row
    assert page.locator("#findings tbody tr").count() == len(plan["moves"])
    # Back returns to the table before; Forward to the plan again.
    page.go_back()
    page.wait_for_function("window.explorer.view.table === 'uncovered'")
    assert not page.evaluate("window.explorer.view.rebalance")
    page.go_forward()
    page.wait_for_function("window.explorer.view.table === 'rebalance'")

    # The coverage chart's axis (its bars lie down) spans the shares there are, from the 5% step
    # below the lowest.
    overview = api(page, live_server, "/api/v1/graph/overview")["nodes"]
    shares = [
        n["attributes"]["covered_stairwells"] / n["attributes"]["stairwells"]
        for n in overview
        if n["attributes"]["label"] == "Community" and n["attributes"].get("stairwells")
    ]
    page.wait_for_function(
        "() => !!document.getElementById('chart-coverage-community')?.layout", timeout=WAIT_MS
    )
    bottom, top = page.evaluate(
        "document.getElementById('chart-coverage-community').layout.xaxis.range"
    )
    assert top == 1 and min(shares) - 0.06 <= bottom < min(shares)
    page.screenshot(path=str(ARTIFACTS / "explorer-sample-rebalance-moves.png"))
    assert console.errors == []
    page.context.close()


def chart(page: Page, box: str) -> list[dict[str, Any]]:
    """A dashboard's traces as Plotly holds them, once drawn."""
    page.wait_for_function(f"() => !!document.getElementById('{box}')?.data", timeout=WAIT_MS)
    return page.evaluate(
        f"document.getElementById('{box}').data.map((t) => ({{x: t.x, y: t.y,"
        " customdata: t.customdata ?? null, name: t.name ?? null}))"
    )


def click_bar(page: Page, box: str, index: int) -> None:
    """Click the index-th bar of a chart where a person would: the middle of what is seen of
    it (a bar on a log axis, or a coverage bar starting at 0, reaches beyond the plot)."""
    page.locator(f"#{box}").scroll_into_view_if_needed()
    bar = page.locator(f"#{box} .trace.bars .point path").nth(index).bounding_box()
    plot = page.locator(f"#{box} .nsewdrag").first.bounding_box()
    assert bar is not None and plot is not None
    left, right = max(bar["x"], plot["x"]), min(bar["x"] + bar["width"], plot["x"] + plot["width"])
    top = max(bar["y"], plot["y"])
    bottom = min(bar["y"] + bar["height"], plot["y"] + plot["height"])
    assert left < right and top < bottom, (bar, plot)
    # Plotly finds the bar under the pointer on hover (throttled): hover first, as a hand does.
    page.mouse.move((left + right) / 2, (top + bottom) / 2)
    page.wait_for_timeout(150)
    page.mouse.click((left + right) / 2, (top + bottom) / 2)


def load_counts(rows: list[dict[str, Any]]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for row in rows:
        counts[row["stairwells"]] = counts.get(row["stairwells"], 0) + 1
    return counts


def test_sample_charts_name_every_bar_follow_the_community_and_filter_on_a_click(
    browser: Browser,  # noqa: F811
    live_server: str,
    sample_db: Runner,
) -> None:
    page, console = open_explorer(browser, live_server)
    # The load: a named bar per load, counted as the API's rows count, on a log axis; the tail
    # over the limit one named bar per member.
    rows = api(page, live_server, "/api/v1/analyses/liaison-load", limit=10000)["rows"]
    [bars] = chart(page, "chart-load")
    assert dict(zip(bars["x"], bars["y"], strict=True)) == load_counts(rows)
    assert page.evaluate("document.getElementById('chart-load').layout.yaxis.type") == "log"
    [tail] = chart(page, "chart-load-tail")
    over = [r for r in rows if r["over_limit"]]
    assert over and tail["x"] == [r["name"] for r in over]
    assert tail["customdata"] == [r["node_key"] for r in over]

    # A community's bar (the thinnest: on top) shows it alone; every chart follows.
    [communities] = chart(page, "chart-coverage-community")
    thinnest = communities["customdata"][0]
    click_bar(page, "chart-coverage-community", 0)
    page.wait_for_function(f"window.explorer.view.community === '{thinnest}'")
    community_id = thinnest.split(":", 1)[1]
    overview = api(page, live_server, "/api/v1/graph/overview")
    grids = {
        e["source"]
        for e in overview["edges"]
        if e["target"] == thinnest and e["source"].startswith("Grid:")
    }
    rollup = api(page, live_server, "/api/v1/analyses/coverage-rollup", level="grid", limit=10000)
    expected = {r["area"]: r["covered_share"] for r in rollup["rows"] if r["node_key"] in grids}
    page.wait_for_function(
        "() => document.getElementById('chart-coverage-grid')?.data?.[0].y.length"
        f" === {len(expected)}",
        timeout=WAIT_MS,
    )
    [by_grid] = chart(page, "chart-coverage-grid")
    shown = dict(zip(by_grid["y"], by_grid["x"], strict=True))
    assert shown.keys() == expected.keys()
    assert all(abs(shown[name] - expected[name]) < 1e-4 for name in expected)
    local = api(
        page, live_server, "/api/v1/analyses/liaison-load", community_id=community_id, limit=10000
    )["rows"]
    page.wait_for_function(
        "() => document.getElementById('chart-load').data[0].y.reduce((a, b) => a + b, 0)"
        f" === {len(local)}",
        timeout=WAIT_MS,
    )
    [bars] = chart(page, "chart-load")
    assert dict(zip(bars["x"], bars["y"], strict=True)) == load_counts(local)
    pairings = api(page, live_server, "/api/v1/analyses/partnerships", community_id=community_id)
    if pairings["rows"]:
        assert {x for trace in chart(page, "chart-partnership") for x in trace["x"]} == {
            pairings["rows"][0]["community"]
        }

    # The highest load's bar (a log axis keeps it tall enough to hit) opens the liaison-load
    # table at that load: as many rows as the bar counts.
    load = max(load_counts(local))
    click_bar(page, "chart-load", len(bars["x"]) - 1)
    page.wait_for_function(f"window.explorer.view.tableFilter === 'stairwells={load}'")
    ready(page, "load")
    page.wait_for_function(
        f"document.querySelectorAll('#findings tbody tr').length === {load_counts(local)[load]}",
        timeout=WAIT_MS,
    )
    assert set(table_keys(page)) == {r["node_key"] for r in local if r["stairwells"] == load}
    page.screenshot(path=str(ARTIFACTS / "explorer-sample-charts.png"))
    assert console.errors == []
    page.context.close()
