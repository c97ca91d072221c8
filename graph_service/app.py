"""The FastAPI application: resources in the lifespan, one error handler, routers per concept."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph_service.analyses.result_cache import ResultCache
from graph_service.api import (
    analyses,
    candidates,
    docs,
    drill,
    entities,
    explorer,
    graph_slices,
    health,
    history,
    ledger,
    notebook_pages,
    plans,
    reports,
    rosters,
    session,
    stats,
    unmask,
)
from graph_service.api import audit as audit_api
from graph_service.api.body_limit import BodyLimit
from graph_service.api.dependencies import open_runner
from graph_service.api.openapi import problem_answers
from graph_service.auth import audit, edges
from graph_service.auth.accounts import AccountStore
from graph_service.auth.audit import AuditTrail
from graph_service.auth.policy import check_policies
from graph_service.db import queries
from graph_service.errors import BadRequest, Neo4jUnavailable, ServiceError
from graph_service.settings import Settings, get_settings

log = logging.getLogger("graph_service")
PROBLEM = "application/problem+json"


def served_app() -> FastAPI:
    """The app as `graph-service serve` runs it: `create_app` that also sets aside, once
    started, what start-up made (`gc.freeze`): the modules, the catalogue, the driver. A full
    garbage collection walks every tracked object, and with those it took 100–190 ms of the
    event loop about every 1.5 s under load; frozen, it walks only what came later (lookups on
    the street, alternating A/B: p99 143–244 → 54–85 ms). Not for tests, which start many apps
    in one process: what a frozen app holds would outlive it."""
    return create_app(freeze_at_start=True)


def create_app(settings: Settings | None = None, *, freeze_at_start: bool = False) -> FastAPI:
    """Build the app. The Neo4j driver is made on start-up and closed on shutdown."""
    settings = settings or get_settings()
    # A malformed query file stops the start with its name and line, not a later 500.
    queries.check_all()
    analyses.catalogue()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if getattr(app.state, "runner", None) is not None:
            yield  # started already (a test client inside another): share its driver
            return
        app.state.settings = settings
        app.state.accounts = AccountStore(settings.state_dir / "accounts.sqlite3")
        app.state.audit = AuditTrail(settings.state_dir)
        app.state.sign_in_limit = edges.RateLimit(settings.sign_ins_per_minute, 60.0)
        app.state.person_read_limit = edges.RateLimit(settings.person_reads_per_minute, 60.0)
        app.state.runner = None
        app.state.reader = None  # the async reader: made on first use (api/dependencies.py)
        app.state.loop = asyncio.get_running_loop()
        app.state.result_cache = ResultCache(
            max_age_s=settings.result_cache_s,
            keep=analyses.default_answers if settings.keep_answers else None,
        )
        try:
            app.state.runner = open_runner(settings)
        except Neo4jUnavailable as error:
            # Start anyway: /health says 503 with the reason, and the next request retries.
            log.warning("starting without Neo4j: %s", error.detail)
        else:
            app.state.result_cache.renew(app.state.runner)  # kept answers for the graph as it is
        if freeze_at_start:  # see `served_app`
            gc.collect()
            gc.freeze()
        yield
        app.state.audit.flush()
        app.state.result_cache.close()
        if app.state.reader is not None:
            await app.state.reader.close()
            app.state.reader = None
        if app.state.runner is not None:
            app.state.runner.close()
            app.state.runner = None

    app = FastAPI(
        title="Quhua governance network",
        description="Graph analytics of the Three Links network (三联工程) kept in Neo4j.",
        version="0.1.0",
        lifespan=lifespan,
        # The API's description is served to signed-in callers only (api/session.py), and
        # its pages by api/docs.py from the service's own assets.
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )
    audit.install(app)
    edges.install(app, settings)

    @app.exception_handler(ServiceError)
    async def service_error(_: Request, error: ServiceError) -> JSONResponse:
        return JSONResponse(
            error.problem(), status_code=error.status, media_type=PROBLEM, headers=error.headers
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, error: RequestValidationError) -> JSONResponse:
        first = error.errors()[0]
        name = str(first["loc"][-1]) if first.get("loc") else "request"
        problem = BadRequest(f"{name}: {first['msg']}", parameter=name).problem()
        return JSONResponse(problem, status_code=422, media_type=PROBLEM)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, error: StarletteHTTPException) -> JSONResponse:
        """Errors raised by the framework itself (no such path, a method the path does not
        take, a body that does not parse) in the one error shape too."""
        problem = {
            "type": f"urn:graph-service:http-{error.status_code}",
            "title": HTTPStatus(error.status_code).phrase,
            "status": error.status_code,
            "detail": str(error.detail),
        }
        return JSONResponse(
            problem, status_code=error.status_code, media_type=PROBLEM, headers=error.headers
        )

    app.openapi = lambda: problem_answers(app)  # type: ignore[method-assign]
    app.add_middleware(BodyLimit, max_bytes=int(settings.max_upload_mb * 2**20))
    app.include_router(health.router)
    app.include_router(session.router)
    app.include_router(session.documents)
    app.include_router(analyses.router)
    app.include_router(graph_slices.router)
    app.include_router(plans.router)
    app.include_router(drill.router)
    app.include_router(candidates.router)
    app.include_router(entities.router)
    app.include_router(stats.router)
    app.include_router(rosters.router)
    app.include_router(history.router)
    app.include_router(ledger.router)
    app.include_router(audit_api.router)
    app.include_router(unmask.router)
    app.include_router(reports.router)
    app.include_router(notebook_pages.router)
    explorer.mount(app)
    docs.mount(app)
    check_policies(app)  # deny by default: a route that declares no policy stops the start
    if not settings.access_control:
        log.warning("ACCESS_CONTROL is off: every request may do anything (benchmarks only)")
    return app
