"""Search by name or pinyin initials over every named node of the graph.

The index lives in memory: it is built from the graph on the first search and kept while the
graph's version stamp stays the same (`db.graph_state`: every import or plan,
by any process, moves it), so a name written by another process is found by the next search;
`invalidate()` drops it at once when this process changes the graph.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from pypinyin import Style, pinyin

from graph_service.db.graph_state import Stamp, graph_state
from graph_service.db.runner import Runner
from graph_service.roster.dictionary import LABELS

# Characters of place names whose everyday reading is not pypinyin's first: 幢 counts buildings
# (1幢, zhuàng); chuáng, a banner, is pypinyin's first reading and rare in a roster.
COMMON_INITIALS = {"幢": "z"}


@dataclass(frozen=True)
class Entry:
    label: str
    id: str
    name: str
    context: str  # the places above it, joined with " / "
    names: tuple[str, ...]  # every name it goes by, lower case
    initials: tuple[str, ...]  # their pinyin initials, every reading
    common: tuple[str, ...]  # their pinyin initials in the everyday reading, one per name

    @classmethod
    def of(
        cls, label: str, id_: str, name: str, context: str = "", aliases: tuple[str, ...] = ()
    ) -> Entry:
        """The entry of a node named `name` (and `aliases`)."""
        every = (name, *aliases)
        readings = [initials(n) for n in every]
        return cls(
            label=label,
            id=id_,
            name=name,
            context=context,
            names=tuple(n.lower() for n in every),
            initials=tuple(i for found in readings for i in found),
            common=tuple(found[0] for found in readings),
        )


@dataclass(frozen=True)
class Hit:
    label: str
    id: str
    name: str
    context: str


def initials(name: str) -> tuple[str, ...]:
    """Every reading of a name's pinyin initials, lower case, other characters kept, the
    everyday reading first.

    The everyday reading is pypinyin's (which reads known words as words: 朝晖 is zhāohuī),
    but for the characters in `COMMON_INITIALS`. Characters with several readings give several
    strings (幢 is zhuàng or chuáng, so `东苑1幢` gives `dy1z`, then `dy1c`), at most 16.

    >>> initials("东苑社区")
    ('dysq',)
    >>> initials("东苑1幢")
    ('dy1z', 'dy1c')
    """
    common, at = "", 0
    for first, *_ in pinyin(name, style=Style.FIRST_LETTER):
        # An item is a run of other characters kept as they are, or one Chinese character.
        if name.startswith(first, at):
            common, at = common + first.lower(), at + len(first)
        else:
            common, at = common + COMMON_INITIALS.get(name[at], first).lower(), at + 1
    readings = [""]
    for options in pinyin(name, style=Style.FIRST_LETTER, heteronym=True):
        letters = sorted({option.lower() for option in options})
        readings = [reading + letter for reading in readings for letter in letters][:16]
    return tuple(dict.fromkeys([common, *readings]))[:16]


def rank(needle: str, entry: Entry) -> int | None:
    """0 exact name, 1 name prefix, 2 part of a name, 3 prefix of the everyday reading's
    initials, 4 part of them, 5 prefix of another reading's initials, 6 part of them; None
    when the entry does not match. `needle` is stripped and lower case. A rare reading of a
    character never beats the everyday one."""
    if needle in entry.names:
        return 0
    if any(n.startswith(needle) for n in entry.names):
        return 1
    if any(needle in n for n in entry.names):
        return 2
    if not needle.isascii():
        return None
    for first, readings in ((3, entry.common), (5, entry.initials)):
        if any(i.startswith(needle) for i in readings):
            return first
        if any(needle in i for i in readings):
            return first + 1
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
        names first, then prefixes, then the rest, then initials (the everyday reading before
        any other; see `rank`); within a rank shorter names first, then by
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
        version = graph_state(db).stamp
        with self._lock:
            if self._entries is not None and version == self._version:
                return self._entries
            generation = self._generation
        rows = db.run(
            "entities/search-index", {"labels": list(LABELS)}, metadata={"endpoint": "search"}
        )
        entries = [
            Entry.of(
                row["label"],
                row["id"],
                row["name"],
                " / ".join(row["context"]),
                tuple(row["aliases"]),
            )
            for row in rows
        ]
        with self._lock:
            if generation == self._generation:
                self._entries, self._version = entries, version
        return entries
