"""The one query runner: every Cypher statement the service runs goes through here.

Query text comes only from the `.cypher` files under `cypher/` (`graph_service.db.queries`),
looked up by name; values always travel as parameters, and labels that must vary are filled by
`queries.filled` from the data model's names. Each file declares its mode, and the runner routes
by it: a `read` file goes to readers, a `write` file to the writer, and a write file sent down a
read path (`read_table`, a read transaction) is refused. Every query carries a timeout and
metadata naming who runs it (visible in `SHOW TRANSACTIONS`).

    runner.run("stats/node-counts", metadata={"endpoint": "stats"})      # one query
    runner.transaction(work, write=True)      # several, all or nothing: work(tx) calls tx.run
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple, TypeVar

import neo4j
from neo4j import Driver, GraphDatabase, ManagedTransaction, Query, RoutingControl
from neo4j import exceptions as neo4j_errors

from graph_service.db.circuit import Circuit, Watch
from graph_service.db.queries import QueryFile, filled, query_file
from graph_service.errors import BadRequest, Neo4jUnavailable
from graph_service.settings import Settings

Row = dict[str, Any]
T = TypeVar("T")


class Step(NamedTuple):
    """One query of a transaction: the file's name, its parameters and its label tokens."""

    name: str
    params: dict[str, Any]
    tokens: Mapping[str, str] | None = None


def connect(settings: Settings, *, fail_fast: bool = False) -> Driver:
    """A driver for the configured endpoint; raises Neo4jUnavailable if it does not answer.
    `fail_fast` (the API) gives up on an unhealthy Neo4j in seconds."""
    driver = GraphDatabase.driver(
        settings.neo4j_uri,
        auth=(settings.neo4j_user, settings.neo4j_password),
        **driver_options(fail_fast=fail_fast),
    )
    try:
        with translated_errors(settings.neo4j_uri):
            driver.verify_connectivity()
    except Exception:
        driver.close()
        raise
    return driver


def driver_options(*, fail_fast: bool) -> dict[str, Any]:
    """The driver's settings, for the runner's driver and the API's async reader alike."""
    return {
        "max_connection_pool_size": 64,
        # Serving (`fail_fast`), answer in seconds, not half a minute, when Neo4j is down or
        # hung: connecting (TCP and Bolt handshake), waiting for a pooled connection, retrying
        # transient failures. A command or a benchmark rides out a restart instead.
        "connection_timeout": 3.0,
        "connection_acquisition_timeout": 5.0 if fail_fast else 10.0,
        "max_transaction_retry_time": 5.0 if fail_fast else 30.0,
        "notifications_min_severity": "WARNING",
    }


def _statement(name: str, *, may_write: bool) -> QueryFile:
    query = query_file(name)
    if query.mode == "write" and not may_write:
        raise ValueError(f"{name} writes (mode: write): run it with Runner.run or in a write "
                         "transaction, not on a read path")  # fmt: skip
    return query


class Runner:
    """Runs named Cypher files against one database, returning plain rows."""

    def __init__(
        self, driver: Driver, database: str, timeout_s: float = 30.0, *, watched: bool = False
    ) -> None:
        """`watched` (the API): reads are watched and a circuit refuses queries while Neo4j
        does not answer (db/circuit.py); a command waits for Neo4j instead."""
        self.driver = driver
        self.database = database
        self.timeout_s = timeout_s
        self._columns: dict[str, list[str]] = {}  # a read's text -> its columns
        self.circuit = Circuit() if watched else None
        self.watch = Watch(self.circuit, self._ping) if self.circuit else None

    def _ping(self) -> None:
        """RETURN 1, straight on the driver (not watched: the watch itself asks it)."""
        query = query_file("health/ping")
        with translated_errors(query.name):
            self.driver.execute_query(
                Query(filled(query, None), metadata={"task": "liveness probe"}),
                database_=self.database,
                routing_=RoutingControl.READ,
            )

    def _watched(self, read: Callable[[], T]) -> T:
        return self.watch.run(read) if self.watch else read()

    @contextmanager
    def _guard(self, what: str) -> Iterator[None]:
        """Refuse at once while the circuit is open; open it when Neo4j does not answer."""
        if self.circuit:
            self.circuit.check()
        try:
            with translated_errors(what):
                yield
        except Neo4jUnavailable as error:
            if self.circuit:
                self.circuit.trip(error.detail.split(":")[0])
            raise

    @classmethod
    def from_settings(cls, settings: Settings, *, serving: bool = False) -> Runner:
        """A runner for the configured database; raises Neo4jUnavailable if it does not answer.
        `serving` (the API): fail fast and watch reads (see `connect` and `__init__`)."""
        return cls(
            connect(settings, fail_fast=serving),
            settings.neo4j_database,
            settings.query_timeout_s,
            watched=serving,
        )

    def close(self) -> None:
        self.driver.close()

    def run(
        self,
        name: str,
        params: dict[str, Any] | None = None,
        *,
        metadata: dict[str, Any] | None = None,
        tokens: Mapping[str, str] | None = None,
    ) -> list[Row]:
        """Run one file in a transaction of its own, routed by its declared mode, and return its
        rows as dicts. `tokens` fill its label placeholders (see `queries.filled`)."""
        return self._execute(query_file(name), params, metadata, tokens)[1]

    def read_table(
        self,
        name: str,
        params: dict[str, Any] | None = None,
        *,
        metadata: dict[str, Any] | None = None,
        tokens: Mapping[str, str] | None = None,
    ) -> tuple[list[str], list[Row]]:
        """Run a read file and return its column names too (in RETURN order, known even when no
        row comes back). A write file is refused."""
        query = _statement(name, may_write=False)
        return self._execute(query, params, metadata, tokens)

    def write_steps(
        self,
        steps: Sequence[Step],
        *,
        timeout_s: float | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> list[list[Row]]:
        """Run several files in ONE write transaction, in order: all of them happen, or none
        does. Returns each step's rows."""

        def work(tx: Transaction) -> list[list[Row]]:
            return [tx.run(step.name, step.params, tokens=step.tokens) for step in steps]

        return self.transaction(work, write=True, timeout_s=timeout_s, metadata=metadata)

    def transaction(
        self,
        work: Callable[[Transaction], T],
        *,
        write: bool,
        timeout_s: float | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> T:
        """`work(tx)` in one managed transaction (retried on transient errors, so `work` must
        only run queries): all its writes happen, or none does. A read transaction refuses
        write files. `timeout_s` lengthens the runner's timeout for long work (never shortens)."""

        @neo4j.unit_of_work(timeout=max(timeout_s or 0.0, self.timeout_s), metadata=metadata)
        def unit(tx: ManagedTransaction) -> T:
            return work(Transaction(tx, write=write))

        with self._guard("transaction"):
            if write:
                with self.driver.session(database=self.database) as session:
                    return session.execute_write(unit)

            def read() -> T:
                with self.driver.session(database=self.database) as session:
                    return session.execute_read(unit)

            return self._watched(read)

    def _execute(
        self,
        query: QueryFile,
        params: dict[str, Any] | None,
        metadata: dict[str, Any] | None,
        tokens: Mapping[str, str] | None,
    ) -> tuple[list[str], list[Row]]:
        text = filled(query, tokens)  # text comes from our own files only
        if query.mode == "read" and query.name.startswith(COMPACT_FOLDERS):
            return self._read_compact(query.name, text, params or {}, metadata)
        routing = RoutingControl.READ if query.mode == "read" else RoutingControl.WRITE
        keys, records = self._send(query.name, text, params or {}, metadata, routing)
        return keys, [record.data() for record in records]

    def _read_compact(
        self, name: str, text: str, params: dict[str, Any], metadata: dict[str, Any] | None
    ) -> tuple[list[str], list[Row]]:
        """A read's rows as ONE record holding a list per row: the driver spends most of a big
        answer's time on each record (55,857 rows: 2.5 s as records, 0.5 s as one list, in an
        A/B at city scale), not on the values. The columns come from the statement's plan,
        read once per text (`EXPLAIN`). Only for the folders of `COMPACT_FOLDERS`: a one-row
        answer (a lookup) is quicker as a record."""
        columns = self._columns.get(text)
        if columns is None:
            columns, _ = self._send(name, f"EXPLAIN {text}", params, metadata, RoutingControl.READ)
            self._columns[text] = columns
        if not columns:  # a read that returns nothing (a procedure call with no YIELD)
            return columns, []
        listed = ", ".join(f"`{column}`" for column in columns)
        compact = f"CALL () {{\n{text}\n}}\nRETURN collect([{listed}]) AS `rows`"
        _, [record] = self._send(name, compact, params, metadata, RoutingControl.READ)
        return columns, [_row(columns, values) for values in record["rows"]]

    def _send(
        self,
        name: str,
        text: str,
        params: dict[str, Any],
        metadata: dict[str, Any] | None,
        routing: RoutingControl,
    ) -> tuple[list[str], list[neo4j.Record]]:
        query = Query(text, metadata={"query": name, **(metadata or {})}, timeout=self.timeout_s)
        if routing == RoutingControl.READ:
            # One statement that only reads needs no transaction of its own: sent as an
            # auto-commit query it is one round trip, not two (BEGIN+RUN+PULL, then COMMIT):
            # 32 threads of node lookups, 606 -> 965 a second in an A/B on the district.
            # Unlike execute_query it is not retried on a transient error.
            def read() -> tuple[list[str], list[neo4j.Record]]:
                with self.driver.session(
                    database=self.database, default_access_mode=neo4j.READ_ACCESS
                ) as session:
                    result = session.run(query, params)
                    records = list(result)
                    return list(result.keys()), records

            with self._guard(name):  # the API: watched, and refused while the circuit is open
                return self._watched(read)
        with self._guard(name):
            records, _, keys = self.driver.execute_query(
                query, params, routing_=routing, database_=self.database
            )
        return list(keys), records


# Reads whose answers run to thousands of rows at city scale: analyses and projections.
COMPACT_FOLDERS = ("analyses/", "projections/")
_GRAPH_VALUES = (neo4j.graph.Node, neo4j.graph.Relationship, neo4j.graph.Path)


def _holds_graph_value(value: Any) -> bool:
    kind = type(value)
    if kind is list:
        return any(_holds_graph_value(item) for item in value)
    if kind is dict:
        return any(_holds_graph_value(item) for item in value.values())
    return isinstance(value, _GRAPH_VALUES)


def _row(columns: list[str], values: list[Any]) -> Row:
    """One row as `Record.data()` makes it: nodes, relationships and paths become plain values
    (rare in a read, so checked first), everything else is kept as it is."""
    if any(_holds_graph_value(value) for value in values):
        return neo4j.Record(zip(columns, values, strict=True)).data()
    return dict(zip(columns, values, strict=True))


class Transaction:
    """One managed transaction, handed to the work of `Runner.transaction`: runs files by name."""

    def __init__(self, tx: ManagedTransaction, *, write: bool) -> None:
        self._tx = tx
        self.write = write

    def run(
        self,
        name: str,
        params: dict[str, Any] | None = None,
        *,
        tokens: Mapping[str, str] | None = None,
    ) -> list[Row]:
        """Run one file in this transaction and return its rows."""
        return self._result(name, params, tokens).data()

    def counters(
        self,
        name: str,
        params: dict[str, Any] | None = None,
        *,
        tokens: Mapping[str, str] | None = None,
    ) -> neo4j.SummaryCounters:
        """Run one file in this transaction and return what it changed (its rows are dropped)."""
        return self._result(name, params, tokens).consume().counters

    def _result(
        self, name: str, params: dict[str, Any] | None, tokens: Mapping[str, str] | None
    ) -> neo4j.Result:
        query = _statement(name, may_write=self.write)
        return self._tx.run(filled(query, tokens), params or {})


@contextmanager
def translated_errors(what: str) -> Iterator[None]:
    """Turn driver errors into the service's named errors (one error shape for all callers)."""
    try:
        yield
    except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired) as error:
        raise Neo4jUnavailable(
            f"Neo4j does not answer ({error.__class__.__name__}): is it running? try `make run`"
        ) from error
    except neo4j_errors.AuthError as error:
        raise Neo4jUnavailable(
            "Neo4j refused the credentials: check NEO4J_USER and NEO4J_PASSWORD"
        ) from error
    except neo4j_errors.ClientError as error:
        if error.code and "Statement.ParameterMissing" in error.code:
            raise BadRequest(f"{what}: {error.message}") from error
        if error.code and "Transaction.TransactionTimedOut" in error.code:
            raise BadRequest(f"{what} took longer than the query timeout") from error
        raise
