"""Every route says who may call it, and the app refuses to start when one does not.

A route declares its policy as a dependency: `dependencies=[requires("entities:read")]`, or
`who: Annotated[Principal, requires("entities:read")]` when it needs the caller. The caller
proves who it is with a Bearer token or a cookie session (whose state-changing requests must
carry the CSRF token and come from the service's own origin). Deny by default:
`check_policies` finds any route without a policy and stops the start naming it.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

from fastapi import Depends, FastAPI, Request
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.concurrency import run_in_threadpool

from graph_service.auth.accounts import SIGN_IN_HELP, AccountStore, Principal
from graph_service.auth.audit import AUDITED
from graph_service.auth.roles import PERMISSIONS, PUBLIC, ROLES, SIGNED_IN, Role, role
from graph_service.errors import Forbidden, SignInFirst, Unauthenticated

SESSION_COOKIE = "gs_session"
CSRF_COOKIE = "gs_csrf"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Who calls when access control is off (the benchmark's comparison run, never a deployment).
UNCHECKED = Principal("access-control-off", "access-control-off", None, "off")


def _bearer(request: Request) -> str | None:
    """The Bearer token sent, None if no Authorization header; Unauthenticated if malformed."""
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("send the token as `Authorization: Bearer <token>`")
    return token.strip()


def known_caller(request: Request) -> Principal | None:
    """`caller` when it needs no file (access control off, or a token read moments ago), else
    None: fit for the event loop, where the accounts file must not be waited on."""
    known: Principal | None = getattr(request.state, "principal", None)
    if known is None and not request.app.state.settings.access_control:
        known = UNCHECKED
    elif known is None and (token := _bearer(request)) is not None:
        known = request.app.state.accounts.known_token(token)
    if known is not None:
        request.state.principal = known
    return known


def caller(request: Request) -> Principal:
    """Who sent this request (worked out once per request); Unauthenticated if nobody."""
    known: Principal | None = getattr(request.state, "principal", None)
    if known is not None:
        return known
    state = request.app.state
    if not state.settings.access_control:
        who = UNCHECKED
    else:
        accounts: AccountStore = state.accounts
        token = _bearer(request)
        session_id = request.cookies.get(SESSION_COOKIE)
        if token is not None:
            who = accounts.token(token)
        elif session_id:
            who = accounts.session_holder(session_id)
            if request.method not in SAFE_METHODS:
                _check_same_origin(request, who)
        else:
            raise Unauthenticated(f"this needs an account: {SIGN_IN_HELP}")
    request.state.principal = who
    return who


def _check_same_origin(request: Request, who: Principal) -> None:
    origin = request.headers.get("origin")
    if origin and urlparse(origin).netloc != request.headers.get("host"):
        raise Forbidden("a signed-in browser may change data only from the service's own pages")
    sent = request.headers.get(CSRF_HEADER, "")
    if not (who.csrf and hmac.compare_digest(sent, who.csrf)):
        raise Forbidden(
            f"a change from a signed-in browser must carry the {CSRF_HEADER} header the page "
            "got at sign-in; reload the page and try again"
        )


class Policy:
    """The dependency a route declares: which permission it needs, and whether it is fit for an
    account limited to a place (`scoped`: its answer is limited to the caller's scope, or holds
    nothing tied to a place, such as the catalogue or totals). Scoped accounts are refused
    everywhere else. A `page` (HTML for a browser) sends a caller who is not signed in to the
    sign-in page instead of answering 401."""

    def __init__(self, permission: str, scoped: bool, page: bool = False) -> None:
        if permission not in PERMISSIONS and permission not in (PUBLIC, SIGNED_IN):
            raise ValueError(f"no permission {permission!r}; see auth/roles.py")
        self.permission = permission
        self.scoped = scoped
        self.page = page
        self.audit_action = AUDITED.get(permission)

    async def __call__(self, request: Request) -> Principal | None:
        # async: a caller known from memory costs no hand-off to a worker thread; one whose
        # token or session must be read from the accounts file is read on one.
        if self.permission == PUBLIC:
            return None
        unchecked = not request.app.state.settings.access_control
        if self.audit_action and not unchecked:  # refusals are recorded too
            request.state.audit_action = self.audit_action
        try:
            who = known_caller(request)
            if who is None:
                who = await run_in_threadpool(caller, request)
        except Unauthenticated:
            if self.page:
                raise SignInFirst(request.url.path) from None
            raise
        if who is UNCHECKED or self.permission == SIGNED_IN:
            return who
        granted = role(who.role)
        if self.permission not in granted.permissions:
            raise Forbidden(
                f"a {granted.en} ({granted.name}) may not use this: it needs "
                f"{self.permission!r} ({PERMISSIONS[self.permission]}); ask a security "
                "administrator for a role that has it",
                permission=self.permission,
            )
        if who.scope and not self.scoped:
            raise Forbidden(
                f"your account sees only {who.scope}, and this answer is not limited to a "
                "place: ask for it from an account of the whole territory",
                permission=self.permission,
            )
        return who


def requires(permission: str, *, scoped: bool = False, page: bool = False) -> Any:
    """The policy of a route: `permission` (or PUBLIC, or SIGNED_IN for any account);
    `scoped=True` when the route is fit for an account limited to a place; `page=True` for an
    HTML page, which sends a browser that is not signed in to sign in (see Policy)."""
    return Depends(Policy(permission, scoped, page))


def policy_of(route: APIRoute) -> Policy | None:
    """The policy a route declares, or None."""
    pending = list(route.dependant.dependencies)
    while pending:
        dependency = pending.pop()
        if isinstance(dependency.call, Policy):
            return dependency.call
        pending.extend(dependency.dependencies)
    return None


def operations(app: FastAPI) -> Iterator[tuple[str, str, Policy | None, bool]]:
    """(method, path, policy, in the OpenAPI document) of every API route, routers included."""
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, APIRoute):
            for method in sorted(context.methods or ()):
                yield method, str(context.path), policy_of(route), context.include_in_schema


def check_policies(app: FastAPI) -> None:
    """RuntimeError naming every route that declares no policy (deny by default)."""
    missing = [f"{method} {path}" for method, path, policy, _ in operations(app) if policy is None]
    if missing:
        raise RuntimeError(
            "these routes declare no access policy (add dependencies=[requires(...)]): "
            + ", ".join(missing)
        )


ALLOWED, REFUSED, UNSCOPED = "✓", "—", "○"


def _cell(policy: Policy, granted: Role) -> str:
    if policy.permission in (PUBLIC, SIGNED_IN):
        return ALLOWED
    if policy.permission not in granted.permissions:
        return REFUSED
    return UNSCOPED if granted.scope_label and not policy.scoped else ALLOWED


def permission_table(app: FastAPI) -> list[tuple[str, str, str, dict[str, str]]]:
    """(method, path, permission, {role: cell}) for every operation of the OpenAPI document:
    ✓ allowed, — refused (the role lacks the permission), ○ refused because the role is
    limited to a place and this answer is not (yet) limited to one."""
    table = []
    for method, path, policy, documented in operations(app):
        if not documented:
            continue
        assert policy is not None  # check_policies ran at start-up
        cells = {name: _cell(policy, granted) for name, granted in ROLES.items()}
        table.append((method, path, policy.permission, cells))
    return table


def permission_markdown(app: FastAPI) -> str:
    """The permission table as docs/security.md shows it."""
    lines = [
        "| operation | permission | " + " | ".join(ROLES) + " |",
        "|---|---|" + "---|" * len(ROLES),
    ]
    for method, path, permission, cells in permission_table(app):
        lines.append(f"| `{method} {path}` | {permission} | " + " | ".join(cells.values()) + " |")
    return "\n".join(lines) + "\n"
