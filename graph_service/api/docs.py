"""`/docs` (Swagger UI) and `/redoc` (ReDoc): the API's documentation, served by the service.

FastAPI's own pages load both from a CDN (and ReDoc's fonts from Google), so they stay blank on
an intranet. Here `swagger-ui-dist` and `redoc` come from npm at set-up (package.json) and are
copied into `static/vendor/` by `npm run build`, next to the explorer's bundle. ReDoc's bundle
draws its makers' logo from their CDN: the build points that image at an empty `data:` URL.

The pages are the service's own files (`static/api-docs/`): the Content-Security-Policy allows
no inline script, so Swagger UI starts from `swagger-init.js` rather than FastAPI's inline one.
They are for signed-in accounts, like the OpenAPI document they show (api/session.py): a
browser that is not signed in is sent to sign in first. Any role may read them: they describe
what the service offers, not what the graph holds, and every operation they list still checks
its own permission.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse

from graph_service.api.explorer import STATIC_DIR
from graph_service.auth.policy import requires
from graph_service.auth.roles import SIGNED_IN

router = APIRouter(include_in_schema=False, dependencies=[requires(SIGNED_IN, page=True)])
PAGES = STATIC_DIR / "api-docs"


def _page(name: str) -> HTMLResponse:
    html = (PAGES / name).read_text(encoding="utf-8")
    return HTMLResponse(html, media_type="text/html; charset=utf-8")


@router.get("/docs")
def swagger_ui() -> HTMLResponse:
    """Swagger UI: every operation, with "Try it out" as the signed-in account."""
    return _page("swagger.html")


@router.get("/redoc")
def redoc() -> HTMLResponse:
    """ReDoc: the same document, for reading."""
    return _page("redoc.html")


def mount(app: FastAPI) -> None:
    """Serve the API's documentation pages from the service's own assets."""
    app.include_router(router)
