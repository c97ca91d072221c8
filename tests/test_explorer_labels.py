"""Chinese labels at scale: a grid of 1,000 buildings whose names use 3,000 distinct Chinese
characters, opened in the explorer. Every label sigma draws is the building's name, every
character has a real glyph in the page's label font (none drawn as the missing-glyph box), and
over a walk of the camera every one of the 1,000 labels is drawn where its node is.

(WebGL label atlases drop glyphs once they overflow; sigma draws labels on a 2D canvas, and this
test is what says the page does not lose any.)
"""

from __future__ import annotations

import pytest
from conftest import other_client
from playwright.sync_api import Browser
from test_explorer_page import ARTIFACTS, browser, open_explorer  # noqa: F401 (fixture)

from graph_service.db import derived
from graph_service.db.runner import Runner

pytestmark = pytest.mark.browser

BUILDINGS = 1000
# 3,000 consecutive code points of the CJK Unified Ideographs block, three to a name.
CHARACTERS = [chr(0x4E00 + i) for i in range(3 * BUILDINGS)]
NAMES = ["".join(CHARACTERS[3 * i : 3 * i + 3]) for i in range(BUILDINGS)]

NETWORK = """
CREATE (st:Street {id: 'ST1', name: '衢化街道'})
CREATE (c:Community {id: 'C1', name: '百灵社区'})-[:PART_OF]->(st)
CREATE (g:Grid {id: 'G1', name: '百灵一网格', kind: 'residential', colour: 'green'})-[:PART_OF]->(c)
WITH g
UNWIND range(0, size($names) - 1) AS i
CREATE (:Building {id: 'B' + toString(1000 + i), name: $names[i]})-[:PART_OF]->(g)
"""

# Characters drawn in sigma's label font that look like the missing-glyph box or nothing.
MISSING_GLYPHS = """(chars) => {
  const { sigma } = window.explorer;
  const setting = (name) => sigma.getSetting(name);
  const font = `${setting('labelWeight')} ${setting('labelSize')}px ${setting('labelFont')}`;
  const canvas = new OffscreenCanvas(40, 40);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.font = font;
  const ink = (text) => {
    context.clearRect(0, 0, 40, 40);
    context.fillText(text, 6, 28);
    return context.getImageData(0, 0, 40, 40).data.filter((_, i) => i % 4 === 3).join(',');
  };
  const box = ink('\\u0378');  // an unassigned code point: the font's missing-glyph box
  const blank = ink(' ');
  return chars.filter((c) => { const drawn = ink(c); return drawn === box || drawn === blank; });
}"""

# Walk the camera over the buildings close enough for sigma to draw every label once; for each
# label drawn, check the label canvas has ink beside its node. Returns {key: label text}.
LABELS_DRAWN = """async () => {
  const { graph, sigma } = window.explorer;
  const camera = sigma.getCamera();
  const keys = graph.filterNodes((k, a) => a.label === 'Building');
  const seen = new Map();
  const inked = new Set();
  const frame = () =>
    new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const perUnit = sigma.getGraphToViewportRatio() * camera.ratio;  // px per graph unit at ratio 1
  const canvas = sigma.getCanvases().labels;
  const context = canvas.getContext('2d');
  const { width, height } = sigma.getDimensions();
  const scale = canvas.width / width;
  for (const key of keys) {
    if (seen.has(key)) continue;
    const at = sigma.getNodeDisplayData(key);
    camera.setState({ x: at.x, y: at.y, ratio: perUnit / 120 });
    await frame();
    for (const shown of sigma.getNodeDisplayedLabels()) {
      if (!keys.includes(shown) || seen.has(shown)) continue;
      const data = sigma.getNodeDisplayData(shown);
      const point = sigma.framedGraphToViewport(data);
      const left = point.x + sigma.scaleSize(data.size) + 2;
      // Only labels wholly on the canvas count; the walk centres on every other one later.
      if (left < 0 || left + 60 > width || point.y < 10 || point.y + 10 > height) continue;
      seen.set(shown, data.label);
      const top = (point.y - 8) * scale;
      const box = context.getImageData(left * scale, top, 40 * scale, 16 * scale).data;
      if (box.some((value, i) => i % 4 === 3 && value > 0)) inked.add(shown);
    }
  }
  return { labels: Object.fromEntries(seen), inked: [...inked] };
}"""


def test_three_thousand_chinese_characters_are_drawn_as_labels(
    browser: Browser,  # noqa: F811
    live_server: str,
    empty_db: Runner,
) -> None:
    assert len(set(CHARACTERS)) == 3000
    other_client(empty_db, NETWORK, names=NAMES)
    derived.refresh_all(empty_db)
    page, console = open_explorer(browser, live_server)
    page.evaluate("window.explorer.openChildren('Grid:G1')")
    page.wait_for_function(f"window.explorer.graph.order >= {BUILDINGS + 3}", timeout=60000)
    expected = {f"Building:B{1000 + i}": name for i, name in enumerate(NAMES)}
    assert page.evaluate(MISSING_GLYPHS, CHARACTERS) == []
    drawn = page.evaluate(LABELS_DRAWN)
    assert drawn["labels"] == expected  # every label drawn at some zoom, each its own name
    missing = set(expected) - set(drawn["inked"])
    assert not missing, f"{len(missing)} labels drawn without ink, e.g. {sorted(missing)[:5]}"
    page.evaluate("window.explorer.sigma.getCamera().setState({ x: 0.5, y: 0.6, ratio: 0.12 })")
    page.wait_for_timeout(300)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "explorer-labels-3000-characters.png"))
    assert console.errors == []
    page.context.close()
