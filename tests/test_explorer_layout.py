"""The explorer's layout does not lie: nodes brought in by an overlay, a search or a
neighbourhood sit beside the places they belong to, no two drawn nodes overlap, no two drawn
labels collide, and positions are stable (nothing on screen moves when more comes; a link
reopens the same picture).

Checked on what sigma draws (viewport positions and rendered radii; the text its label layer
fills and where, measured in the label font), on the sample network; the screenshots of each
view are kept in test-artifacts/ (git-ignored).
"""

from __future__ import annotations

import math

import pytest
from playwright.sync_api import Browser, Page
from test_explorer_findings import api, ready
from test_explorer_page import ARTIFACTS, browser, open_explorer  # noqa: F401 (fixture)

from graph_service.db.runner import Runner

pytestmark = [pytest.mark.browser, pytest.mark.sample]

# Circles as drawn: viewport centre and rendered radius (px) of every node sigma shows.
DRAWN = """() => {
  const { graph, sigma } = window.explorer;
  const { width, height } = sigma.getDimensions();
  const out = [];
  graph.forEachNode((key) => {
    const shown = sigma.getNodeDisplayData(key);
    if (!shown || shown.hidden) return;
    const at = sigma.framedGraphToViewport(shown);
    const r = sigma.scaleSize(shown.size);
    if (at.x + r < 0 || at.y + r < 0 || at.x - r > width || at.y - r > height) return;
    out.push([key, at.x, at.y, r]);
  });
  return out;
}"""

# Every label sigma draws on its label layer in one render, as [text, left, top, right, bottom,
# x, y] (px: the ink of the text in the font it was drawn with, and where fillText put it): read
# by wrapping the layer's own fillText, so labels sigma (or the page) chooses not to draw do not
# count.
LABEL_BOXES = """() => {
  const { sigma } = window.explorer;
  const context = sigma.getCanvases().labels.getContext('2d');
  const drawn = [];
  const fillText = context.fillText;
  context.fillText = function (text, x, y, ...rest) {
    const ink = this.measureText(text);
    drawn.push([text, x - ink.actualBoundingBoxLeft, y - ink.actualBoundingBoxAscent,
                x + ink.actualBoundingBoxRight, y + ink.actualBoundingBoxDescent, x, y]);
    return fillText.call(this, text, x, y, ...rest);
  };
  try { sigma.render(); } finally { delete context.fillText; }
  return drawn;
}"""

POSITIONS = "() => window.explorer.graph.mapNodes((key, a) => [key, a.x, a.y])"


def overlapping(page: Page) -> list[tuple[str, str, float]]:
    """Pairs of drawn nodes whose circles overlap, with the depth of the overlap in px
    (worked out here, from the positions sigma reports, not by the page's own layout code)."""
    circles = page.evaluate(DRAWN)
    assert len(circles) > 10
    cell = 40.0
    grid: dict[tuple[int, int], list[int]] = {}
    for index, (_, x, y, r) in enumerate(circles):
        for i in range(int((x - r) // cell), int((x + r) // cell) + 1):
            for j in range(int((y - r) // cell), int((y + r) // cell) + 1):
                grid.setdefault((i, j), []).append(index)
    found: set[tuple[str, str, float]] = set()
    for members in grid.values():
        for a, first in enumerate(members):
            for second in members[a + 1 :]:
                k1, x1, y1, r1 = circles[first]
                k2, x2, y2, r2 = circles[second]
                depth = r1 + r2 - math.hypot(x1 - x2, y1 - y2)
                if depth > 0.01:
                    found.add((k1, k2, round(depth, 2)))
    return sorted(found)


def colliding_labels(page: Page) -> list[tuple[str, str]]:
    """Pairs of drawn labels whose boxes overlap (by more than half a pixel each way), and
    labels drawn over another node (a disc of 1 px or more, by more than half a pixel); the
    selected node's label is always drawn, over whatever is beside it."""
    boxes = page.evaluate(LABEL_BOXES)
    assert boxes, "no label drawn"
    found = []
    for index, (text, left, top, right, bottom, *_) in enumerate(boxes):
        for other, o_left, o_top, o_right, o_bottom, *_ in boxes[index + 1 :]:
            wide = min(right, o_right) - max(left, o_left)
            high = min(bottom, o_bottom) - max(top, o_top)
            if wide > 0.5 and high > 0.5:
                found.append((text, other))
    # A label starts 3 px right of its node's disc, its baseline a third of the font size
    # below the centre (sigma's disc labels): that node is its own, not one it covers.
    size = page.evaluate("window.explorer.sigma.getSetting('labelSize')")
    selected = page.evaluate("window.explorer.view.selected")
    discs = [c for c in page.evaluate(DRAWN) if c[3] >= 1]
    for text, left, top, right, bottom, x, y in boxes:
        own = [k for k, cx, cy, r in discs if max(abs(cx + r + 3 - x), abs(cy + size / 3 - y)) < 1]
        if selected in own:
            continue
        for key, cx, cy, r in discs:
            if key in own:
                continue
            dx = cx - max(left, min(cx, right))
            dy = cy - max(top, min(cy, bottom))
            if math.hypot(dx, dy) < r - 0.5:
                found.append((text, key))
    return found


def settle(page: Page) -> None:
    """Wait until sigma has drawn the last change and the camera stopped moving."""
    page.wait_for_function(
        "!window.explorer.sigma.getCamera().isAnimated()"
        " && !document.querySelector('#busy:not([hidden])')"
    )
    page.wait_for_timeout(500)


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"explorer-layout-{name}.png"))


def positions(page: Page) -> dict[str, tuple[float, float]]:
    return {key: (x, y) for key, x, y in page.evaluate(POSITIONS)}


def nearest(page: Page, key: str, label: str) -> str:
    """The node of `label` nearest to `key` in the layout's coordinates."""
    here = positions(page)
    x, y = here[key]
    candidates = [k for k in here if k.startswith(f"{label}:")]
    return min(candidates, key=lambda k: math.hypot(here[k][0] - x, here[k][1] - y))


def test_sample_nodes_brought_in_sit_where_they_belong_and_never_overlap(
    browser: Browser,  # noqa: F811
    live_server: str,
    sample_db: Runner,
) -> None:
    page, console = open_explorer(browser, live_server)
    settle(page)
    assert overlapping(page) == []
    assert colliding_labels(page) == []
    shot(page, "overview")

    # A department recalled: the checkpoints it leaves dark come in beside their own community
    # (not beside the department or its service team) and follow the community filter.
    rows = api(page, live_server, "/api/v1/analyses/wartime-dependence", limit=100)["rows"]
    department = next(row for row in rows if row["checkpoints"] > 0)["node_key"]
    answer = api(page, live_server, "/api/v1/what-if", remove=department)
    checkpoints = [p for p in answer["wartime_places"] if p["label"] == "Checkpoint"]
    assert checkpoints
    before = positions(page)
    page.evaluate(f"window.explorer.state.set({{ removed: ['{department}'] }})")
    ready(page, "whatif")
    settle(page)
    after = positions(page)
    assert {key: after[key] for key in before} == before  # nothing on screen moved
    for checkpoint in checkpoints:
        community = f"Community:{checkpoint['community_id']}"
        assert nearest(page, checkpoint["key"], "Community") == community, checkpoint
        owner = page.evaluate(
            f"window.explorer.graph.getNodeAttribute('{checkpoint['key']}', 'community')"
        )
        assert owner == community
    assert overlapping(page) == []
    assert colliding_labels(page) == []
    shot(page, "recall")

    # Overloaded liaisons: each comes in beside a stairwell it looks after, in its community.
    page.evaluate("window.explorer.state.set({ removed: [], overlays: new Set(['overloaded']) })")
    ready(page, "overloaded")
    settle(page)
    people = [
        row["node_key"]
        for row in api(page, live_server, "/api/v1/analyses/overloaded-liaisons")["rows"]
    ]
    brought = [key for key in people if key in positions(page)]
    assert len(brought) >= min(len(people), 10)
    xs = {positions(page)[key] for key in brought}
    assert len(xs) == len(brought)  # not one pixel for all
    here = positions(page)
    overview = api(page, live_server, "/api/v1/graph/overview")
    community_of = {
        e["source"]: e["target"] for e in overview["edges"] if e["source"].startswith("Grid:")
    }
    for person in brought:
        label, node_id = person.split(":")
        around = api(page, live_server, f"/api/v1/nodes/{label}/{node_id}/neighborhood", depth=3)
        keys = {n["key"] for n in around["nodes"]}
        communities = {community_of[k] for k in keys if k in community_of}
        assert nearest(page, person, "Community") in communities, person
        stairwells = [k for k in keys if k.startswith("Stairwell:") and k in here]
        assert stairwells, person
        x, y = here[person]
        # Beside: closer than a building is to its grid (6 units in the layout's scale).
        assert min(math.hypot(here[k][0] - x, here[k][1] - y) for k in stairwells) < 3, person
    assert overlapping(page) == []
    assert colliding_labels(page) == []
    shot(page, "overloaded")

    # A neighbourhood fans out: a grid opened to its buildings, a building to its stairwells,
    # one stairwell's neighbourhood (households and liaisons), all apart, nothing moved.
    grid = page.evaluate(
        "window.explorer.graph.filterNodes((k, a) => a.label === 'Grid').sort()[0]"
    )
    page.evaluate(f"window.explorer.openChildren('{grid}')")
    settle(page)
    building = page.evaluate(
        f"""window.explorer.graph.inNeighbors('{grid}')
              .filter((k) => k.startsWith('Building:')).sort()[0]"""
    )
    page.evaluate(f"window.explorer.openChildren('{building}')")
    settle(page)
    stairwell = page.evaluate(
        f"""window.explorer.graph.inNeighbors('{building}')
              .filter((k) => k.startsWith('Stairwell:')).sort()[0]"""
    )
    before = positions(page)
    page.evaluate(f"window.explorer.expandNeighbourhood('{stairwell}')")
    page.evaluate(f"window.explorer.select('{stairwell}')")
    page.evaluate(f"window.explorer.graphView.focus('{stairwell}')")
    settle(page)
    after = positions(page)
    assert {key: after[key] for key in before} == before
    households = [key for key in after if key.startswith("Household:") and key not in before]
    assert households
    assert overlapping(page) == []
    assert colliding_labels(page) == []
    shot(page, "neighbourhood")

    # The link reopens the same picture: opened twice in new browsers, every node at the same
    # place and no two overlapping.
    link = page.url[len(live_server) + 1 :]
    assert console.errors == []
    page.context.close()
    pictures = []
    for _ in range(2):
        again, again_console = open_explorer(browser, live_server, query=link)
        ready(again, "overloaded")
        settle(again)
        pictures.append(positions(again))
        assert overlapping(again) == []
        assert colliding_labels(again) == []
        assert again_console.errors == []
        again.context.close()
    assert pictures[0] == pictures[1]
