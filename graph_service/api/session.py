"""`/api/v1/session`: sign in (a cookie session for the explorer), who am I, sign out.

Dashboards, notebooks and scripts use API tokens instead (`graph-service accounts
token-create`), sent as `Authorization: Bearer <token>`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from graph_service.auth.accounts import IDLE_S, AccountStore, Principal
from graph_service.auth.policy import CSRF_COOKIE, SESSION_COOKIE, requires
from graph_service.auth.roles import PUBLIC, ROLES, SIGNED_IN
from graph_service.errors import BadRequest

router = APIRouter(prefix="/api/v1", tags=["session"])
documents = APIRouter()


class SignIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=200)
    totp: str | None = Field(None, max_length=10, description="one-time code (administrators)")


class Session(BaseModel):
    account: str
    role: str
    role_zh: str
    role_en: str
    scope: str | None
    csrf_token: str | None = Field(
        None, description="send it as X-CSRF-Token with every POST, PUT and DELETE"
    )
    idle_timeout_s: int = IDLE_S


def _session(who: Principal) -> Session:
    granted = ROLES.get(who.role)
    return Session(
        account=who.account,
        role=who.role,
        role_zh=granted.zh if granted else who.role,
        role_en=granted.en if granted else who.role,
        scope=who.scope,
        csrf_token=who.csrf,
    )


@router.post(
    "/session",
    response_model=Session,
    dependencies=[requires(PUBLIC)],
    responses={
        401: {"description": "wrong name, password or one-time code"},
        429: {"description": "too many sign-in attempts from this address (Retry-After)"},
    },
)
def sign_in(body: SignIn, request: Request, response: Response) -> Session:
    """Sign in with name, password (and one-time code for administrators): sets the session
    cookie (HttpOnly, SameSite=Strict) and answers the CSRF token the page must send back."""
    request.state.audit_action, request.state.audit_account = "sign-in", body.name
    client = request.client.host if request.client else "unknown"
    request.app.state.sign_in_limit.check(client, "sign-in attempts")
    accounts: AccountStore = request.app.state.accounts
    account = accounts.sign_in(body.name, body.password, body.totp)
    session_id, csrf = accounts.open_session(account)
    secure = request.url.scheme == "https"
    response.set_cookie(
        SESSION_COOKIE, session_id, httponly=True, samesite="strict", secure=secure, path="/"
    )
    response.set_cookie(CSRF_COOKIE, csrf, samesite="strict", secure=secure, path="/")
    return _session(Principal(account.name, account.role, account.scope, "session", csrf))


@router.get("/session", response_model=Session)
def who_am_i(who: Annotated[Principal, requires(SIGNED_IN)]) -> Session:
    """The signed-in account, its role and scope."""
    return _session(who)


@documents.get("/openapi.json", include_in_schema=False)
def openapi_document(
    request: Request, _: Annotated[Principal, requires(SIGNED_IN)]
) -> dict[str, Any]:
    """The OpenAPI document, for signed-in callers only."""
    document: dict[str, Any] = request.app.openapi()
    return document


@router.delete(
    "/session",
    status_code=204,
    response_class=Response,
    responses={422: {"description": "a token is not a session: revoke it instead"}},
)
def sign_out(request: Request, who: Annotated[Principal, requires(SIGNED_IN)]) -> Response:
    """End this browser's session and clear its cookies."""
    request.state.audit_action = "sign-out"
    if who.credential != "session":
        raise BadRequest(
            "a token is not a session: revoke it with `graph-service accounts token-revoke ID`"
        )
    request.app.state.accounts.close_session(request.cookies[SESSION_COOKIE])
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response
