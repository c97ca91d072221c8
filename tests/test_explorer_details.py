"""The details panel speaks the analyst's language: relationships named from the side of the
node shown, with their roles, values of enumerated fields in words, and a place's chain.

Expected texts are written by hand from tests/fixtures/explorer-small.cypher: P1 liaises with
W1 as red steward (红管家) and with W3 as stairwell head (楼道长); W1 is in B1, G1, C1, ST1.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page
from test_explorer_page import browser, open_explorer  # noqa: F401 (fixture)

from graph_service.db.runner import Runner

pytestmark = pytest.mark.browser


def rows(page: Page, heading: str) -> list[list[str]]:
    """The rows of the details table under `heading`, as cell texts."""
    return page.evaluate(
        """(heading) => {
          const h = [...document.querySelectorAll('#details-body h2')]
            .find((each) => each.textContent === heading);
          const table = h && h.nextElementSibling;
          return table && table.tagName === 'TABLE'
            ? [...table.rows].map((row) => [...row.cells].map((cell) => cell.textContent))
            : [];
        }""",
        heading,
    )


def test_details_name_relationships_roles_values_and_the_chain(
    browser: Browser,  # noqa: F811
    live_server: str,
    explorer_db: Runner,
) -> None:
    page, console = open_explorer(browser, live_server)
    page.evaluate("window.explorer.reveal('Person:P1')")
    page.wait_for_function("window.explorer.view.selected === 'Person:P1'")
    page.wait_for_selector("#details-body h2:text('库中属性')")
    links = rows(page, "关系")
    assert ["联系楼道（红管家）", "百灵1幢1单元（楼道）"] in links
    assert ["联系楼道（楼道长）", "百灵2幢1单元（楼道）"] in links
    stored = dict(map(tuple, rows(page, "库中属性")))
    api = page.request.get(f"{live_server}/api/v1/nodes/Person/P1").json()["properties"]
    assert api["party_member"] is True and api["retired"] is False
    assert stored["党员"] == "是" and stored["退休"] == "否"
    assert "LIAISES_WITH" not in page.locator("#details-body").inner_text()

    # A stairwell: where it is, up to the street, and who liaises with it.
    page.evaluate("window.explorer.select('Stairwell:W1')")
    page.wait_for_selector("#details-chain")
    chain = page.locator("#details-chain").inner_text()
    assert chain == "楼栋 百灵1幢 › 网格 百灵一网格 › 社区 百灵社区 › 街道 衢化街道"
    assert ["联系党员（红管家）", "测试党员甲（人员）"] in rows(page, "关系")

    page.click("#lang")
    page.wait_for_selector("#details-body h2:text('Links')")
    assert ["liaison (red steward)", "测试党员甲 (Person)"] in rows(page, "Links")
    chain = page.locator("#details-chain").inner_text()
    assert chain == "Building 百灵1幢 › Grid 百灵一网格 › Community 百灵社区 › Street 衢化街道"
    assert console.errors == []
    page.context.close()
