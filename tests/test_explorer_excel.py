"""A findings table exported to Excel exactly as filtered, headed in the page's language, read
back with openpyxl (a second reader, not the page's own code).

On tests/fixtures/explorer-small.cypher the uncovered stairwells are W2 (百灵1幢2单元) and W5
(朝晖3幢2单元), both in 百灵社区, and W9 (孤立楼道), which belongs to nothing.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Browser, Page
from test_explorer_page import browser, open_explorer  # noqa: F401 (fixture)

from graph_service.db.runner import Runner

pytestmark = pytest.mark.browser


def shown_table(page: Page) -> list[list[str]]:
    """The findings table as drawn: its headings, then each row's cells."""
    return page.evaluate(
        """() => {
          const table = document.querySelector('#findings table');
          return [...table.rows].map((row) => [...row.cells].map((cell) => cell.textContent));
        }"""
    )


def exported(page: Page, folder: Path) -> list[list[object]]:
    with page.expect_download() as download:
        page.locator("#findings button.table-export-xlsx").click()
    name = download.value.suggested_filename
    assert name.endswith(".xlsx")
    download.value.save_as(folder / name)
    book = openpyxl.load_workbook(folder / name, read_only=True)
    try:
        sheet = book.active
        assert sheet is not None
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def test_a_filtered_table_exports_to_excel_as_shown(
    browser: Browser,  # noqa: F811
    live_server: str,
    explorer_db: Runner,
    tmp_path: Path,
) -> None:
    page, console = open_explorer(browser, live_server, query="?ov=uncovered&tab=uncovered")
    page.wait_for_function("window.explorer.overlayData.get('uncovered')?.status === 'ready'")
    page.wait_for_selector("#findings tbody tr")
    everything = exported(page, tmp_path)
    names = {row[1] for row in everything[1:]}
    assert names == {"百灵1幢2单元", "朝晖3幢2单元", "孤立楼道"}

    page.locator("#findings input.table-filter").fill("百灵社区")
    page.wait_for_function("window.explorer.view.tableFilter === '百灵社区'")
    table = shown_table(page)
    sheet = exported(page, tmp_path)
    assert sheet[0] == table[0]  # the headings shown, in Chinese
    assert "楼道" in sheet[0] and "住户数" in sheet[0]
    assert {row[1] for row in sheet[1:]} == {"百灵1幢2单元", "朝晖3幢2单元"}
    as_text = [["" if value is None else str(value) for value in row] for row in sheet[1:]]
    assert as_text == table[1:]  # every row and cell as shown, in the order shown
    households = sheet[0].index("住户数")
    assert all(isinstance(row[households], int) for row in sheet[1:])  # numbers stay numbers

    page.click("#lang")
    page.wait_for_function("document.documentElement.lang === 'en'")
    english = exported(page, tmp_path)
    assert english[0] == shown_table(page)[0] and "households" in " ".join(english[0]).lower()
    assert english[1:] == sheet[1:]
    assert console.errors == []
    page.context.close()
