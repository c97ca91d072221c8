"""`GET /`: the network explorer page, and `/static/…`: its assets, all served by the service.

The page works offline (government intranets have no internet): sigma.js, graphology and
plotly.js come from npm at set-up (`npm ci` in `make setup`), esbuild bundles our own ES modules
from `graph_service/static/js/` with them into `graph_service/static/vendor/`, and nothing is
fetched from a CDN.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from graph_service.auth.policy import requires
from graph_service.auth.roles import PUBLIC, SIGNED_IN
from graph_service.errors import ServiceError

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
VENDOR_FILES = ("vendor/explorer.js", "vendor/plotly.min.js")

router = APIRouter(tags=["explorer"])


class ExplorerNotBuilt(ServiceError):
    status = 503
    title = "Explorer assets missing"


@router.get(
    "/",
    response_class=HTMLResponse,
    include_in_schema=False,
    dependencies=[requires(SIGNED_IN, page=True)],
)
def explorer_page() -> Response:
    """The explorer (UTF-8 declared: without it browsers show the Chinese as mojibake); a
    browser that is not signed in is sent to sign in first."""
    missing = [name for name in VENDOR_FILES if not (STATIC_DIR / name).is_file()]
    if missing:
        raise ExplorerNotBuilt(
            f"the explorer's assets are not built ({', '.join(missing)}): run `make setup`"
        )
    html = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    return HTMLResponse(html, media_type="text/html; charset=utf-8")


@router.get(
    "/sign-in",
    response_class=HTMLResponse,
    include_in_schema=False,
    dependencies=[requires(PUBLIC)],
)
def sign_in_page() -> HTMLResponse:
    """The sign-in page (zh/en): name, password and, for administrators, a one-time code."""
    html = (STATIC_DIR / "sign-in.html").read_text(encoding="utf-8")
    return HTMLResponse(html, media_type="text/html; charset=utf-8")


def mount(app: FastAPI) -> None:
    """Add the page and its static assets to the app."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR, check_dir=False), name="static")
