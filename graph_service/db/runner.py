"""The one query runner: every Cypher statement the service runs goes through here.

Query text comes only from `.cypher` files under `cypher/`, looked up by name; values always
travel as parameters. Reads are sent with read routing (so a cluster serves them from followers),
every query carries a timeout and metadata naming who runs it (visible in `SHOW TRANSACTIONS`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import neo4j
import pandas as pd
from neo4j import Driver, GraphDatabase, ManagedTransaction, Query, RoutingControl
from neo4j import exceptions as neo4j_errors

from graph_service.errors import BadRequest, Neo4jUnavailable, NotFound
from graph_service.settings import Settings

CYPHER_DIR = Path(__file__).resolve().parent.parent / "cypher"
Row = dict[str, Any]
T = TypeVar("T")


@lru_cache(maxsize=512)
def cypher_text(name: str) -> str:
    """The text of `cypher/<name>.cypher` (e.g. `stats/node-counts`)."""
    path = (CYPHER_DIR / f"{name}.cypher").resolve()
    if CYPHER_DIR.resolve() not in path.parents or not path.is_file():
        raise NotFound(f"no Cypher file named {name!r}")
    return path.read_text(encoding="utf-8")


_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def filled(name: str, tokens: Mapping[str, str] | None = None) -> str:
    """`cypher_text(name)` with each `__TOKEN__` replaced by its value. Labels and relationship
    types cannot be parameters, so a file names them as tokens; callers take the values from an
    allow-list, and every value must also be a bare name here, so none can carry Cypher."""
    text = cypher_text(name)
    for token, value in (tokens or {}).items():
        if not _NAME.fullmatch(value):
            raise ValueError(f"{value!r} is not a label or relationship type name")
        text = text.replace(f"__{token.upper()}__", value)
    return text


def connect(settings: Settings) -> Driver:
    """A driver for the configured endpoint; raises Neo4jUnavailable if it does not answer."""
    driver = GraphDatabase.driver(
        settings.neo4j_uri,
        auth=(settings.neo4j_user, settings.neo4j_password),
        max_connection_pool_size=64,
        connection_acquisition_timeout=10.0,
        notifications_min_severity="WARNING",
    )
    try:
        with _translated_errors(settings.neo4j_uri):
            driver.verify_connectivity()
    except Exception:
        driver.close()
        raise
    return driver


class Runner:
    """Runs named Cypher files against one database, returning plain rows."""

    def __init__(self, driver: Driver, database: str, timeout_s: float = 30.0) -> None:
        self.driver = driver
        self.database = database
        self.timeout_s = timeout_s

    def _query(
        self, name: str, metadata: dict[str, Any] | None, tokens: Mapping[str, str] | None = None
    ) -> Query:
        return Query(
            filled(name, tokens),  # text comes from our own files only
            metadata={"query": name, **(metadata or {})},
            timeout=self.timeout_s,
        )

    def read(
        self,
        name: str,
        params: dict[str, Any] | None = None,
        metadata: dict[str, Any] | None = None,
        tokens: Mapping[str, str] | None = None,
    ) -> list[Row]:
        """Run a read-only file, routed to readers, and return its rows as dicts. `tokens` fill
        its label placeholders (see `filled`)."""
        return self._execute(name, params, metadata, RoutingControl.READ, tokens)

    def read_table(
        self,
        name: str,
        params: dict[str, Any] | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> tuple[list[str], list[Row]]:
        """`read` with the column names too (in RETURN order, known even when no row comes back)."""
        with _translated_errors(name):
            records, _, keys = self.driver.execute_query(
                self._query(name, metadata),
                params or {},
                routing_=RoutingControl.READ,
                database_=self.database,
            )
        return list(keys), [record.data() for record in records]

    def write(
        self,
        name: str,
        params: dict[str, Any] | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> list[Row]:
        """Run a file that writes, in its own transaction, and return its rows."""
        return self._execute(name, params, metadata, RoutingControl.WRITE)

    def read_frame(
        self,
        name: str,
        params: dict[str, Any] | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> pd.DataFrame:
        """`read` as a pandas DataFrame (columns in the query's RETURN order)."""
        with _translated_errors(name):
            return self.driver.execute_query(
                self._query(name, metadata),
                params or {},
                routing_=RoutingControl.READ,
                database_=self.database,
                result_transformer_=neo4j.Result.to_df,
            )

    def write_transaction(
        self, steps: Sequence[tuple[str, dict[str, Any]]], metadata: dict[str, Any] | None = None
    ) -> list[list[Row]]:
        """Run several files in ONE write transaction: all of them happen, or none does."""

        @neo4j.unit_of_work(
            timeout=self.timeout_s, metadata={"steps": len(steps), **(metadata or {})}
        )
        def work(tx: ManagedTransaction) -> list[list[Row]]:
            return [tx.run(cypher_text(name), params).data() for name, params in steps]

        return self.in_transaction(work, write=True)

    def in_transaction(self, work: Callable[[ManagedTransaction], T], *, write: bool) -> T:
        """Run `work(tx)` in one managed transaction (retried on transient errors)."""
        with _translated_errors("transaction"), self.driver.session(database=self.database) as s:
            if write:
                return s.execute_write(work)
            return s.execute_read(work)

    def _execute(
        self,
        name: str,
        params: dict[str, Any] | None,
        metadata: dict[str, Any] | None,
        routing: RoutingControl,
        tokens: Mapping[str, str] | None = None,
    ) -> list[Row]:
        with _translated_errors(name):
            records, _, _ = self.driver.execute_query(
                self._query(name, metadata, tokens),
                params or {},
                routing_=routing,
                database_=self.database,
            )
        return [record.data() for record in records]


@contextmanager
def _translated_errors(what: str) -> Iterator[None]:
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


def cypher_files(folder: str) -> Iterator[Path]:
    """The `.cypher` files of one folder under `cypher/`, sorted by name."""
    yield from sorted((CYPHER_DIR / folder).glob("*.cypher"))
