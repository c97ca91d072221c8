"""Every page the service serves works with no internet and under the service's own
Content-Security-Policy: no request leaves the service and the browser blocks nothing."""

from __future__ import annotations

import pytest
from conftest import ANALYST, ANALYST_PASSWORD
from playwright.sync_api import Browser, Page, Request
from test_explorer_page import Console, browser  # noqa: F401 (fixture)

from graph_service.auth.accounts import AccountStore
from graph_service.auth.policy import SESSION_COOKIE
from graph_service.db.runner import Runner

pytestmark = pytest.mark.browser

# Each page, and what shows it has drawn itself from the service's own assets (selectors, not
# script: the CSP forbids the eval that Playwright's wait_for_function would need).
PAGES = {
    "/": "#chart-coverage-community .main-svg",
    "/docs": ".swagger-ui .info .title",
    "/redoc": ".api-info h1",
}


def requests_of(page: Page) -> list[str]:
    """The URLs the page requests from now on (filled as it loads)."""
    requests: list[str] = []

    def seen(request: Request) -> None:
        requests.append(request.url)

    page.on("request", seen)
    return requests


@pytest.mark.parametrize("path", PAGES)
def test_page_draws_with_no_request_leaving_the_service(
    browser: Browser,  # noqa: F811
    live_server: str,
    explorer_db: Runner,
    path: str,
) -> None:
    context = browser.new_context()
    page = context.new_page()
    console = Console(page)
    page.goto(f"{live_server}{path}")
    assert page.url.startswith(f"{live_server}/sign-in")  # the pages are for accounts
    signed_in = context.request.post(
        f"{live_server}/api/v1/session", data={"name": ANALYST, "password": ANALYST_PASSWORD}
    )
    assert signed_in.ok, signed_in.text()
    requests = requests_of(page)
    page.goto(f"{live_server}{path}")
    page.wait_for_selector(PAGES[path], timeout=30000)
    page.wait_for_load_state("networkidle")
    local = (live_server, "data:", "blob:")
    assert requests and [url for url in requests if not url.startswith(local)] == []
    assert not [e for e in console.errors if "Content Security Policy" in e], console.errors
    context.close()


def test_a_page_sends_a_browser_that_is_not_signed_in_to_sign_in_and_back(
    browser: Browser,  # noqa: F811
    live_server: str,
    explorer_db: Runner,
) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server}/redoc")
    assert page.url == f"{live_server}/sign-in?next=/redoc"
    page.fill("#name", ANALYST)
    page.fill("#password", ANALYST_PASSWORD)
    page.click("#sign-in-submit")
    page.wait_for_selector(PAGES["/redoc"], timeout=30000)
    assert page.url == f"{live_server}/redoc"
    context.close()


def test_the_audit_page_shows_the_trail_as_the_api_does(
    browser: Browser,  # noqa: F811
    live_server: str,
    accounts: AccountStore,
) -> None:
    """Two failed sign-ins of one name are two records; the page, filtered on that account,
    lists exactly the records the API lists for it, and its CSV link gives the same two. The
    page is the audit administrator's only: the analyst gets 403."""
    context = browser.new_context()
    for _ in range(2):
        failed = context.request.post(
            f"{live_server}/api/v1/session", data={"name": "no-such-account", "password": "x"}
        )
        assert failed.status == 401
    analyst = context.request.post(
        f"{live_server}/api/v1/session", data={"name": ANALYST, "password": ANALYST_PASSWORD}
    )
    assert analyst.ok and context.request.get(f"{live_server}/audit").status == 403
    context.clear_cookies()
    accounts.add("auditor-page", "audit_admin", "Audit-page-2026")
    session_id, _ = accounts.open_session(accounts.get("auditor-page"))
    context.add_cookies([{"name": SESSION_COOKIE, "value": session_id, "url": live_server}])
    expected = context.request.get(
        f"{live_server}/api/v1/audit", params={"account": "no-such-account"}
    ).json()["records"]
    assert [(r["action"], r["result"]) for r in expected] == [("sign-in", "401")] * 2

    page = context.new_page()
    console = Console(page)
    requests = requests_of(page)
    page.goto(f"{live_server}/audit")
    page.wait_for_selector('#audit-rows[data-query=""]', state="attached")
    page.fill("#account", "no-such-account")
    page.click("#audit-apply")
    page.wait_for_selector('#audit-rows[data-query="account=no-such-account"]', state="attached")
    shown = page.eval_on_selector_all("#audit-rows tr", "rows => rows.map(r => r.dataset.seq)")
    assert shown == [str(record["seq"]) for record in expected]
    csv_link = page.get_attribute("#audit-csv", "href")
    assert csv_link is not None and "account=no-such-account" in csv_link
    lines = context.request.get(f"{live_server}{csv_link}").text().strip().splitlines()
    assert len(lines) == 3 and all("no-such-account" in line for line in lines[1:])
    assert [url for url in requests if not url.startswith(live_server)] == []
    assert not console.errors, console.errors
    context.close()
