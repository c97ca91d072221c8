"""`/docs` (Swagger UI) and `/redoc` (ReDoc) with their assets served by the service.

FastAPI's own pages load both from a CDN (and ReDoc's fonts from Google), so they stay blank on
an intranet. Here `swagger-ui-dist` and `redoc` come from npm at set-up (package.json) and are
copied into `static/vendor/` by `npm run build`, next to the explorer's bundle. ReDoc's bundle
draws its makers' logo from their CDN: the build points that image at an empty `data:` URL.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)
VENDOR = "/static/vendor"
FAVICON = "data:,"  # no icon rather than FastAPI's, which is fetched from its website


def mount(app: FastAPI) -> None:
    """Serve the API's documentation pages from the service's own assets."""
    title = app.title
    openapi_url = app.openapi_url or "/openapi.json"

    @router.get("/docs")
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{title}: API",
            swagger_js_url=f"{VENDOR}/swagger-ui-bundle.js",
            swagger_css_url=f"{VENDOR}/swagger-ui.css",
            swagger_favicon_url=FAVICON,
        )

    @router.get("/redoc")
    def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url=openapi_url,
            title=f"{title}: API",
            redoc_js_url=f"{VENDOR}/redoc.standalone.js",
            redoc_favicon_url=FAVICON,
            with_google_fonts=False,
        )

    app.include_router(router)
