"""Search by name or pinyin initials over every named node of the graph.

The index lives in memory: it is built from the graph on the first search and kept while the
graph's version stamp stays the same (`history.snapshots.version_stamp`: every import or plan,
by any process, moves it), so a name written by another process is found by the next search;
`invalidate()` drops it at once when this process changes the graph.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from pypinyin import Style, pinyin

from graph_service.db.runner import Runner
from graph_service.history.snapshots import Stamp, version_stamp
from graph_service.roster.dictionary import LABELS


@dataclass(frozen=True)
class Entry:
    label: str
    id: str
    name: str
    context: str  # the places above it, joined with " / "
    names: tuple[str, ...]  # every name it goes by, lower case
    initials: tuple[str, ...]  # their pinyin initials


@dataclass(frozen=True)
class Hit:
    label: str
    id: str
    name: str
    context: str


def initials(name: str) -> tuple[str, ...]:
    """Every reading of a name's pinyin initials, lower case, other characters kept.

    Characters with several readings give several strings (幢 is zhuàng or chuáng, so
    `东苑1幢` gives `dy1c` and `dy1z`), at most 16 of them.

    >>> initials("东苑社区")
    ('dysq',)
    """
    readings = [""]
    for options in pinyin(name, style=Style.FIRST_LETTER, heteronym=True):
        letters = sorted({option.lower() for option in options})
        readings = [reading + letter for reading in readings for letter in letters][:16]
    return tuple(readings)


def rank(needle: str, entry: Entry) -> int | None:
    """0 exact name, 1 name prefix, 2 part of a name, 3 initials prefix, 4 part of the
    initials; None when the entry does not match. `needle` is stripped and lower case."""
    if needle in entry.names:
        return 0
    if any(n.startswith(needle) for n in entry.names):
        return 1
    if any(needle in n for n in entry.names):
        return 2
    if needle.isascii() and any(i.startswith(needle) for i in entry.initials):
        return 3
    if needle.isascii() and any(needle in i for i in entry.initials):
        return 4
    return None


class SearchIndex:
    """Every named node with its names and their initials, kept between searches."""

    def __init__(self) -> None:
        self._entries: list[Entry] | None = None
        self._version: Stamp | None = None
        self._generation = 0  # moves on every invalidate(), so a build begun before it is dropped
        self._lock = threading.Lock()

    def invalidate(self) -> None:
        """Forget the index: the next search rebuilds it from the graph."""
        with self._lock:
            self._entries = None
            self._generation += 1

    def search(
        self,
        db: Runner,
        query: str,
        limit: int,
        allowed: Callable[[str, str], bool] | None = None,
    ) -> list[Hit]:
        """Names containing `query`, or whose pinyin initials start with or contain it. Exact
        names first, then prefixes, then the rest; within a rank shorter names first, then by
        the label's place in the data model. `allowed(label, id)` leaves out what the caller
        may not see."""
        needle = query.strip().lower()
        ranked = []
        for entry in self._current(db):
            if allowed is not None and not allowed(entry.label, entry.id):
                continue
            found = rank(needle, entry)
            if found is not None:
                order = (found, len(entry.name), LABELS.index(entry.label), entry.name, entry.id)
                ranked.append((order, entry))
        ranked.sort(key=lambda item: item[0])
        return [Hit(e.label, e.id, e.name, e.context) for _, e in ranked[:limit]]

    def _current(self, db: Runner) -> list[Entry]:
        version = version_stamp(db)
        with self._lock:
            if self._entries is not None and version == self._version:
                return self._entries
            generation = self._generation
        rows = db.run(
            "entities/search-index", {"labels": list(LABELS)}, metadata={"endpoint": "search"}
        )
        entries = [
            Entry(
                label=row["label"],
                id=row["id"],
                name=row["name"],
                context=" / ".join(row["context"]),
                names=tuple(name.lower() for name in (row["name"], *row["aliases"])),
                initials=tuple(
                    i for name in (row["name"], *row["aliases"]) for i in initials(name)
                ),
            )
            for row in rows
        ]
        with self._lock:
            if generation == self._generation:
                self._entries, self._version = entries, version
        return entries
