"""Validating a roster before anything is written: every problem, with its place and a sentence.

`validate(raw)` turns a `RawRoster` into typed `Tables` and a list of `Problem`s. Errors block the
import (nothing is written); warnings are conflicts a real roster has and the graph keeps so an
analyst can see them (a place with no parent or two parents: a broken or ambiguous chain).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

from graph_service.roster.dictionary import (
    LABEL_ZH,
    NODE_TABLE_OF_LABEL,
    NodeTable,
    RelTable,
    header_map,
    table_by_name,
)
from graph_service.roster.files import RawRoster, RawTable
from graph_service.roster.tables import Props, Tables, rel_key
from graph_service.roster.values import (
    LIST_SEPARATORS,
    CellError,
    check_id,
    check_text,
    parse_value,
)

LISTED = 1_000  # problems listed one by one; the rest are only counted

ZH_LABEL = {zh: label for label, zh in LABEL_ZH.items()}


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or doubtful) in a roster, where it is, and what it means."""

    severity: str  # "error" blocks the import; "warning" is imported and reported
    code: str
    message: str
    table: str | None = None
    source: str | None = None  # file or sheet as the user named it
    row: int | None = None  # as Excel numbers it: the header is row 1
    column: str | None = None

    def text(self) -> str:
        where = [w for w in (self.source, self.row and f"row {self.row}", self.column) if w]
        place = ", ".join(str(w) for w in where)
        return f"{self.severity}: {place + ': ' if place else ''}{self.message}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class Problems(list[Problem]):
    """The first `LISTED` problems, and how many there were of each severity and code (a
    roster of a million bad rows answers with a thousand, not a million)."""

    def __init__(self) -> None:
        super().__init__()
        self.counts: Counter[tuple[str, str]] = Counter()  # (severity, code) -> problems

    def add(self, problem: Problem) -> None:
        self.counts[problem.severity, problem.code] += 1
        if len(self) < LISTED:
            self.append(problem)

    @classmethod
    def of(cls, problems: list[Problem]) -> Problems:
        counted = cls()
        for problem in problems:
            counted.add(problem)
        return counted

    def total(self, severity: str) -> int:
        return sum(n for (s, _), n in self.counts.items() if s == severity)

    def summary(self) -> dict[str, int]:
        """{code: how many} over every problem found, listed or not."""
        found: Counter[str] = Counter()
        for (_, code), n in self.counts.items():
            found[code] += n
        return dict(found)


class Validator:
    """Collects problems while it builds `Tables` from raw tables."""

    def __init__(self, existing_ids: Callable[[str], set[str]]) -> None:
        self.problems = Problems()
        self.tables = Tables()
        self.existing_ids = existing_ids
        self.unread: set[str] = set()  # tables whose rows could not be read (a column missing)
        # references to check once every table is read: (label, id, column, table, row)
        self.references: list[tuple[str, str, str, RawTable, int]] = []

    def problem(
        self,
        severity: str,
        code: str,
        message: str,
        raw: RawTable | None = None,
        row: int | None = None,
        column: str | None = None,
        table: str | None = None,
    ) -> None:
        self.problems.add(
            Problem(
                severity,
                code,
                message,
                table or (raw.name if raw else None),
                raw.source if raw else None,
                row,
                column,
            )
        )

    def error(
        self,
        code: str,
        message: str,
        raw: RawTable | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.problem("error", code, message, raw, row, column)

    # -- tables and columns ------------------------------------------------------------------
    def run(self, roster: RawRoster) -> tuple[Tables, list[Problem]]:
        for source, why in roster.unreadable:
            self.problems.add(Problem("error", "unreadable", f"{source} {why}", source=source))
        seen: dict[str, RawTable] = {}
        for raw in roster.tables:
            table = table_by_name(raw.name)
            if table is None:
                self.error(
                    "unknown_table",
                    f"{raw.source} is not a roster table: name it after "
                    "one of the tables in docs/data-model.md (e.g. households.csv)",
                    raw,
                )
                continue
            if table.table in seen:
                self.error(
                    "duplicate_table",
                    f"{raw.source} and {seen[table.table].source} are "
                    f"both the table {table.table}: keep one",
                    raw,
                )
                continue
            seen[table.table] = raw
            raw.name = table.table
            for row, column, code, message in raw.problems:  # formulas, merged cells
                self.error(code, message, raw, row, column)
            self.tables.present.add(table.table)
            columns = self.columns(table, raw)
            if columns is None:
                self.unread.add(table.table)  # its ids are unknown: do not cascade
                continue
            if isinstance(table, NodeTable):
                self.node_rows(table, raw, columns)
            else:
                self.rel_rows(table, raw, columns)
        self.check_references()
        self.check_cycles()
        return self.tables, self.problems

    def columns(self, table: NodeTable | RelTable, raw: RawTable) -> dict[str, int] | None:
        """Header position of each column, or None when a required column is missing."""
        accepted = header_map(table)
        found: dict[str, int] = {}
        for index, header in enumerate(raw.header):
            column = accepted.get(header.strip().lower())
            if not header.strip():
                self.error("unknown_column", f"column {index + 1} has no header", raw, 1)
            elif column is None:
                # Minimisation: what the dictionary does not know (an identity number, a
                # note) is not kept. The rest of the roster is imported; the report says so.
                self.problem(
                    "warning",
                    "dropped_column",
                    f"column {header!r} is not a column of {table.table}: dropped, not "
                    f"imported (the columns kept: {', '.join(_columns(table))})",
                    raw,
                    1,
                    header,
                )
            elif column in found:
                self.error(
                    "duplicate_column",
                    f"column {header!r} repeats column {column!r}",
                    raw,
                    1,
                    header,
                )
            else:
                found[column] = index
        missing = [c for c in _required_columns(table) if c not in found]
        for column in missing:
            self.error("missing_column", f"required column {column!r} is missing", raw, 1, column)
        return None if missing else found

    # -- rows ----------------------------------------------------------------------------------
    def values(
        self,
        table: NodeTable | RelTable,
        raw: RawTable,
        number: int,
        cells: list[str],
        columns: dict[str, int],
    ) -> tuple[Props, bool]:
        props: Props = {}
        ok = True
        for f in table.all_fields:
            text = _cell(cells, columns.get(f.name))
            if not text:
                if f.required:
                    code = "empty_key" if f.name == "id" else "empty_value"
                    self.error(code, f"{f.name} is empty", raw, number, f.name)
                    ok = False
                continue
            try:
                value = parse_value(f, text)
            except CellError as why:
                self.error("bad_value", str(why), raw, number, f.name)
                ok = False
                continue
            if f.name == "id" and not self.plain_id(text, raw, number, f.name):
                ok = False
                continue
            if value is not None:
                props[f.name] = value
        return props, ok

    def plain_id(self, text: str, raw: RawTable, number: int, column: str) -> bool:
        """Whether an id (or a reference to one) is fit to be a key; if not, say why."""
        try:
            check_text(text)
            check_id(text)
        except CellError as why:
            self.error("bad_value", str(why), raw, number, column)
            return False
        return True

    def target_label(
        self,
        targets: tuple[str, ...],
        label_column: str | None,
        raw: RawTable,
        number: int,
        cells: list[str],
        columns: dict[str, int],
    ) -> str | None:
        if len(targets) == 1:
            return targets[0]
        assert label_column is not None
        text = _cell(cells, columns.get(label_column))
        label = ZH_LABEL.get(text, text)
        if label not in targets:
            self.error(
                "bad_value",
                f"{text!r} is not one of {', '.join(targets)}",
                raw,
                number,
                label_column,
            )
            return None
        return label

    def node_rows(self, table: NodeTable, raw: RawTable, columns: dict[str, int]) -> None:
        nodes = self.tables.nodes.setdefault(table.table, {})
        first_row: dict[str, int] = {}
        for number, cells in _consumed(raw):
            props, _ = self.values(table, raw, number, cells, columns)
            node_id = props.get("id")
            if node_id is None:
                continue
            if node_id in first_row:
                self.error(
                    "duplicate_id",
                    f"id {node_id} is already used in row {first_row[node_id]}",
                    raw,
                    number,
                    "id",
                )
                continue
            first_row[node_id] = number
            # A row with errors still counts as present, so references to it do not cascade.
            self.date_order(props, raw, number)
            nodes[node_id] = props
            for link in table.links:
                self.link(table, link, node_id, raw, number, cells, columns)

    def link(
        self,
        table: NodeTable,
        link: Any,
        node_id: str,
        raw: RawTable,
        number: int,
        cells: list[str],
        columns: dict[str, int],
    ) -> None:
        text = _cell(cells, columns.get(link.column))
        ids = [v.strip() for v in LIST_SEPARATORS.split(text) if v.strip()]
        if not all(self.plain_id(i, raw, number, link.column) for i in ids):
            return
        edges = self.tables.links.setdefault(f"{table.table}.{link.column}", set())
        if not ids:
            if link.hierarchy:
                self.problem(
                    "warning",
                    "missing_parent",
                    f"{table.label} {node_id} has no "
                    f"{link.column}: its chain up to the street is broken",
                    raw,
                    number,
                    link.column,
                )
            elif link.required:
                self.error("empty_value", f"{link.column} is empty", raw, number, link.column)
            return
        if len(ids) > 1 and not link.hierarchy:
            self.error(
                "bad_value",
                f"{link.column}: one id expected, found {len(ids)}",
                raw,
                number,
                link.column,
            )
            return
        if len(ids) > 1:
            self.problem(
                "warning",
                "several_parents",
                f"{table.label} {node_id} has "
                f"{len(ids)} parents ({', '.join(ids)}): its chain up to the street is "
                "ambiguous",
                raw,
                number,
                link.column,
            )
        label = self.target_label(link.targets, link.label_column, raw, number, cells, columns)
        if label is None:
            return
        for target in ids:
            edges.add((node_id, label, target))
            self.references.append((label, target, link.column, raw, number))

    def rel_rows(self, table: RelTable, raw: RawTable, columns: dict[str, int]) -> None:
        rows = self.tables.rels.setdefault(table.table, {})
        first_row: dict[Any, int] = {}
        for number, cells in _consumed(raw):
            props, ok = self.values(table, raw, number, cells, columns)
            ends = []
            for end in (table.source, table.target):
                end_id = _cell(cells, columns.get(end.column))
                label = self.target_label(
                    end.targets, end.label_column, raw, number, cells, columns
                )
                if not end_id:
                    self.error("empty_key", f"{end.column} is empty", raw, number, end.column)
                    ok = False
                elif not self.plain_id(end_id, raw, number, end.column) or label is None:
                    ok = False
                else:
                    ends.append((label, end_id))
                    self.references.append((label, end_id, end.column, raw, number))
            if not ok:
                continue
            key = rel_key(table, ends[0], ends[1], props)
            if key in first_row:
                self.error(
                    "duplicate_row",
                    f"{_describe(table, ends)} twice: also in row {first_row[key]}",
                    raw,
                    number,
                )
                continue
            first_row[key] = number
            rows[key] = props

    def date_order(self, props: Props, raw: RawTable, number: int) -> None:
        raised, resolved = props.get("raised_on"), props.get("resolved_on")
        if raised and resolved and resolved < raised:
            self.error(
                "bad_value",
                f"resolved_on {resolved} is before raised_on {raised}",
                raw,
                number,
                "resolved_on",
            )

    # -- across tables -----------------------------------------------------------------------
    def check_references(self) -> None:
        known: dict[str, set[str]] = {}
        for label, target, column, raw, number in self.references:
            if NODE_TABLE_OF_LABEL[label].table in self.unread:
                continue
            if label not in known:
                table = NODE_TABLE_OF_LABEL[label].table
                known[label] = (
                    self.tables.ids(label)
                    if table in self.tables.present
                    else self.existing_ids(label)
                )
            if target not in known[label]:
                self.error(
                    "unknown_reference",
                    f"no {label} with id {target} ({NODE_TABLE_OF_LABEL[label].table} has none)",
                    raw,
                    number,
                    column,
                )

    def check_cycles(self) -> None:
        """A link from a label to itself (units' SUBSIDIARY_OF) must not go round in a circle."""
        for table in self.tables.present:
            spec = table_by_name(table)
            if not isinstance(spec, NodeTable):
                continue
            for link in spec.links:
                if spec.label not in link.targets:
                    continue
                parents: dict[str, list[str]] = defaultdict(list)
                for node_id, _, target in self.tables.links.get(f"{table}.{link.column}", ()):
                    parents[node_id].append(target)
                for cycle in _cycles(parents):
                    path = " → ".join([*cycle, cycle[0]])
                    self.problem(
                        "error",
                        "cycle",
                        f"{link.type} goes round in a circle: {path}",
                        table=table,
                        column=link.column,
                    )


def _cycles(parents: dict[str, list[str]]) -> list[list[str]]:
    """Each cycle once (as found from its smallest id), by walking up from every node."""
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for start in sorted(parents):
        stack: list[tuple[str, int]] = [(start, 0)]
        path: list[str] = []
        while stack:
            node, index = stack.pop()
            if index == 0:
                if state.get(node) == 2:
                    continue
                if state.get(node) == 1:
                    found.append(path[path.index(node) :])
                    continue
                state[node] = 1
                path.append(node)
            nexts = parents.get(node, [])
            if index < len(nexts):
                stack.append((node, index + 1))
                stack.append((nexts[index], 0))
            else:
                state[node] = 2
                path.pop()
    return found


def _consumed(raw: RawTable) -> Iterator[tuple[int, list[str]]]:
    """The table's rows in order, each let go once read: a roster's raw text and its typed
    tables are never both whole in memory (a million rows would need twice the room)."""
    rows, raw.rows = raw.rows, []
    rows.reverse()
    while rows:
        yield rows.pop()


def _describe(table: RelTable, ends: list[tuple[str, str]]) -> str:
    (source_label, source), (target_label, target) = ends
    return f"{source_label} {source} → {target_label} {target} ({table.type})"


def _cell(cells: list[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


def _columns(table: NodeTable | RelTable) -> list[str]:
    from graph_service.roster.dictionary import table_columns

    return table_columns(table)


def _required_columns(table: NodeTable | RelTable) -> list[str]:
    required = [f.name for f in table.all_fields if f.required]
    if isinstance(table, NodeTable):
        for link in table.links:
            if link.required or link.hierarchy:
                required.append(link.column)
            if link.label_column and (link.required or link.hierarchy):
                required.append(link.label_column)
    else:
        for end in (table.source, table.target):
            required.append(end.column)
            if end.label_column:
                required.append(end.label_column)
    return required


def validate(
    raw: RawRoster, existing_ids: Callable[[str], set[str]] | None = None
) -> tuple[Tables, list[Problem]]:
    """Typed tables and every problem of a raw roster.

    `existing_ids(label)` gives the ids already in the graph, for references to a label whose
    table the roster does not hold (a roster may carry only the tables it corrects). The raw
    roster's rows are consumed (read once, let go): validate a roster once.
    """
    return Validator(existing_ids or (lambda _label: set())).run(raw)
