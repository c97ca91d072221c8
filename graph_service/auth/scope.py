"""Scope: an account limited to a place sees only what its place holds (see
`cypher/auth/scope-members.cypher`). The members of each scope are read from the graph once
and kept until the graph changes (its version stamp moves, or an import or applied plan of
this process clears them with the other derived answers); every endpoint fit for scoped
accounts filters its answer with `Scope` on the server before it leaves."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from graph_service.auth.accounts import Principal
from graph_service.db.graph_state import Stamp, graph_state
from graph_service.db.runner import Row, Runner
from graph_service.errors import Forbidden, NotFound
from graph_service.roster.dictionary import LABELS

_lock = threading.Lock()


@dataclass(frozen=True)
class Scope:
    """The keys (`Label:id`) an account may see; `None` members: the whole territory."""

    place: str | None
    members: frozenset[str] | None

    def allows(self, key: str) -> bool:
        return self.members is None or key in self.members

    def keep(self, keys: Iterable[str]) -> list[str]:
        return [key for key in keys if self.allows(key)]


WHOLE = Scope(None, None)


def _main_label(labels: list[str], known: tuple[str, ...]) -> str | None:
    return next((label for label in known if label in labels), None)


def scope_of(request: Request, who: Principal | None, db: Runner) -> Scope:
    """The scope of the caller (read once per place and cached until the graph changes)."""
    if who is None or who.scope is None:
        return WHOLE
    cache: dict[str, tuple[Stamp, Scope]] | None = getattr(request.app.state, "scopes", None)
    if cache is None:
        cache = request.app.state.scopes = {}
    # The graph's version stamp moves with every import and applied plan, whichever process
    # made it (a command-line import too): what a scope holds is read again then.
    known = getattr(request.state, "graph_state", None)  # read for this request already
    stamp = known.stamp if known is not None else graph_state(db).stamp
    kept = cache.get(who.scope)
    found = kept[1] if kept is not None and kept[0] == stamp else None
    if found is None:
        label, _, place_id = who.scope.partition(":")
        rows = db.run(
            "auth/scope-members",
            {"id": place_id},
            metadata={"endpoint": "scope"},
            tokens={"label": label},
        )
        members = set()
        for row in rows:
            main = _main_label(row["labels"], LABELS)
            if main is not None:
                members.add(f"{main}:{row['id']}")
        found = Scope(who.scope, frozenset(members))
        with _lock:
            cache[who.scope] = (stamp, found)
    return found


# The column that says what a row of an analysis is about, in order of preference: the node
# the row describes, else the community it describes, else the stairwell (a plan's move).
SUBJECT_COLUMNS = ("node_key", "community_key", "stairwell_key")


def scoped_rows(scope: Scope, name: str, columns: list[str], rows: list[Row]) -> list[Row]:
    """The rows of analysis `name` an account of `scope` may see: those whose subject (see
    SUBJECT_COLUMNS) lies in the scope, with every list of keys (`…_keys`) cut to the scope.
    Forbidden for an analysis whose rows are about nothing in one place (a scoped account asks
    an account of the whole territory for those)."""
    if scope.members is None:
        return rows
    subject = next((column for column in SUBJECT_COLUMNS if column in columns), None)
    if subject is None:
        raise Forbidden(
            f"your account sees only {scope.place}, and the rows of {name} are not about one "
            "place: ask for it from an account of the whole territory",
            permission="analyses:run",
        )
    lists = [column for column in columns if column.endswith("_keys")]
    return [
        {**row, **{column: scope.keep(row[column] or []) for column in lists}}
        for row in rows
        if scope.allows(row[subject])
    ]


def check_in_scope(scope: Scope, keys: Iterable[str], what: str) -> None:
    """NotFound naming the first of `keys` outside `scope` (whether it exists there is not the
    account's to know, as with a node lookup)."""
    for node_key in keys:
        if not scope.allows(node_key):
            raise NotFound(f"{what}: no {node_key} in {scope.place}")


async def scope_async(request: Request, who: Principal | None, db: Runner) -> Scope:
    """`scope_of` for an async endpoint: the whole graph at once, a place's members (read once
    per graph version) in a worker thread."""
    if who is None or who.scope is None:
        return WHOLE
    return await run_in_threadpool(scope_of, request, who, db)
