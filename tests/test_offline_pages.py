"""Every page the service serves works with no internet: no request leaves the service."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Request
from test_explorer_page import browser  # noqa: F401 (fixture)

from graph_service.db.runner import Runner

pytestmark = pytest.mark.browser

# Each page, and what shows it has drawn itself from the service's own assets.
PAGES = {
    "/": "window.explorer && window.explorer.ready === true",
    "/docs": "!!document.querySelector('.swagger-ui .info .title')",
    "/redoc": "!!document.querySelector('.api-info h1')",
}


@pytest.mark.parametrize("path", PAGES)
def test_page_draws_with_no_request_leaving_the_service(
    browser: Browser,  # noqa: F811
    live_server: str,
    explorer_db: Runner,
    path: str,
) -> None:
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []

    def seen(request: Request) -> None:
        requests.append(request.url)

    page.on("request", seen)
    page.goto(f"{live_server}{path}")
    page.wait_for_function(PAGES[path], timeout=30000)
    page.wait_for_load_state("networkidle")
    local = (live_server, "data:", "blob:")
    assert requests and [url for url in requests if not url.startswith(local)] == []
    context.close()
