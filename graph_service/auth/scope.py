"""Scope: an account limited to a place sees only what its place holds (see
`cypher/auth/scope-members.cypher`). The members of each scope are read from the graph once
and kept until the graph changes (imports and applied plans clear them with the other
derived answers); every endpoint fit for scoped accounts filters its answer with `Scope`
on the server before it leaves."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass

from fastapi import Request

from graph_service.auth.accounts import Principal
from graph_service.db.runner import Runner
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
    cache: dict[str, Scope] | None = getattr(request.app.state, "scopes", None)
    if cache is None:
        cache = request.app.state.scopes = {}
    found = cache.get(who.scope)
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
            cache[who.scope] = found
    return found
