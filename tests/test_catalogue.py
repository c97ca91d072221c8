"""The query files: every one, in every folder, has the one header, declares what it uses and
the mode the server agrees with; the analyses run cleanly; no query text runs outside `db/`."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from conftest import other_client

from graph_service.analyses import catalogue
from graph_service.analyses.catalogue import HeaderError, parse_header
from graph_service.app import create_app
from graph_service.db import queries
from graph_service.db.runner import Runner
from graph_service.settings import Settings

FILES = queries.file_names()
ANALYSES = queries.file_names("analyses")
PACKAGE = Path(queries.__file__).resolve().parent.parent
# One name of the data model for each label token the files use, to plan them with.
EXAMPLE_TOKENS = {
    "LABEL": "Person",
    "SOURCE": "Person",
    "TYPE": "LIAISES_WITH",
    "TARGET": "Stairwell",
}


def test_the_issue_s_analyses_are_all_there() -> None:
    names = {name.removeprefix("analyses/") for name in ANALYSES}
    assert {
        "uncovered-stairwells",
        "leaderless-grids",
        "coverage-rollup",
        "broken-chains",
        "unpartnered-communities",
        "overloaded-liaisons",
        "overloaded-cadres",
        "partnerships",
        "partner-overlap",
        "wartime-coverage",
        "demand-flow",
    } <= names


@pytest.mark.parametrize("name", FILES)
def test_every_query_file_declares_the_mode_the_server_plans(name: str, empty_db: Runner) -> None:
    query = queries.query_file(name)
    assert query.title_zh and query.title_en and query.description
    assert all(param.description for param in query.params)
    text = queries.filled(query, {token: EXAMPLE_TOKENS[token] for token in query.tokens})
    params = {param.name: None for param in query.params}
    summary = other_client(empty_db, f"EXPLAIN {text}", **params).summary
    # Neo4j's own reading of the statement: r (reads only), rw, w (writes), s (schema).
    if query.mode == "read" and summary.query_type == "s":
        # A DBMS procedure (dbms.components) is reported as "s" though it writes nothing: run
        # it the way the runner runs a read file, in read access mode, where writes are refused.
        empty_db.run(name)
        return
    expected = ("r",) if query.mode == "read" else ("rw", "w", "s")
    assert summary.query_type in expected, (query.mode, summary.query_type)


@pytest.mark.parametrize("name", ANALYSES)
def test_every_analysis_file_has_a_header_and_runs(
    name: str, small_street: Runner, caplog: pytest.LogCaptureFixture
) -> None:
    analysis = catalogue.cypher_analyses()[name.removeprefix("analyses/")]
    defaults = {param.name: param.default for param in analysis.params}
    # Any server notification of severity WARNING (a deprecated feature, an unknown label) fails.
    with caplog.at_level(logging.WARNING, logger="neo4j.notifications"):
        columns, _ = small_street.read_table(name, defaults, metadata={"analysis": analysis.name})
    assert columns
    assert [record.getMessage() for record in caplog.records] == []


GOOD = """// title: 测试 | Test
// description: One line.
// mode: read
// param: limit_n int = 3 in 1..10 -- how many
// param: who str = null -- whom
// param: kind str = "a" in a|b -- which
MATCH (n) WHERE $who IS NULL AND $kind = 'a' RETURN n LIMIT $limit_n
"""


def test_a_good_header_parses_with_types_defaults_and_choices() -> None:
    analysis = parse_header("test", GOOD)
    limit_n, who, kind = analysis.params
    assert (limit_n.type, limit_n.default, limit_n.low, limit_n.high) == ("int", 3, 1, 10)
    assert (who.type, who.default) == ("str", None)
    assert (kind.default, kind.choices) == ("a", ("a", "b"))
    assert analysis.coerce({"limit_n": "7"}) == {"limit_n": 7, "who": None, "kind": "a"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD.replace("// title: 测试 | Test\n", ""), "exactly one `// title:`"),
        (GOOD.replace("测试 | Test", "Test only"), "中文 | English"),
        (GOOD.replace("// description: One line.\n", ""), "exactly one `// description:`"),
        (GOOD.replace("int = 3", "integer = 3"), "not one of"),
        (GOOD.replace("int = 3", "int = three"), "is not a int"),
        (GOOD.replace("int = 3", "int = 30"), "between 1 and 10"),
        (GOOD.replace(" -- how many", ""), "line 4: expected `NAME TYPE [= DEFAULT]"),
        (GOOD.replace("$who IS NULL AND ", ""), "never uses ['who']"),
        (GOOD + "RETURN $other\n", "undeclared"),
        (GOOD.replace("limit_n", "limit"), "reserved"),
        (GOOD.replace("// mode: read\n", ""), "exactly one `// mode:`"),
        (GOOD.replace("// mode: read", "// mode: read\n// mode: write"), "line 4: a second `//"),
        (GOOD.replace("mode: read", "mode: sometimes"), "line 3: mode must be read or write"),
        (GOOD.replace("mode: read", "mode: write"), "an analysis only reads"),
        (GOOD.replace("int = 3 in", "int in"), "needs a default"),
        (GOOD.replace("str = null", "list = null"), "int, float, str, bool, date only"),
        (GOOD.replace("RETURN n", "RETURN n:__LABEL__"), "undeclared tokens ['LABEL']"),
        (GOOD.replace("// mode: read", "// mode: read\n// token: LABEL -- a label"), "never uses"),
    ],
)
def test_a_malformed_header_is_refused_with_the_reason(text: str, message: str) -> None:
    with pytest.raises(HeaderError, match=None) as error:
        parse_header("test", text)
    assert message in str(error.value)


def test_a_query_file_may_require_parameters_and_take_tokens() -> None:
    query = queries.parse(
        "roster/test",
        "// title: 测试 | Test\n// description: One line.\n// mode: write\n"
        "// param: rows list -- the rows\n// token: LABEL -- a label\n"
        "UNWIND $rows AS row CREATE (n:__LABEL__) SET n = row\n",
    )
    [rows] = query.params
    assert (query.mode, query.tokens, rows.type, rows.required) == (
        "write",
        ("LABEL",),
        "list",
        True,
    )


def test_a_malformed_file_in_any_folder_stops_the_start_naming_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> None:
    (tmp_path / "stats").mkdir()
    (tmp_path / "stats" / "broken.cypher").write_text(
        "// title: 测试 | Test\n// description: One line.\n// mode: sometimes\nRETURN 1\n"
    )
    monkeypatch.setattr(queries, "CYPHER_DIR", tmp_path)
    queries.query_file.cache_clear()
    try:
        with pytest.raises(HeaderError, match="stats/broken line 3: mode must be read or write"):
            create_app(settings)
    finally:
        monkeypatch.undo()
        queries.query_file.cache_clear()


def test_a_write_file_is_refused_on_a_read_path(empty_db: Runner) -> None:
    with pytest.raises(ValueError, match="admin/wipe writes"):
        empty_db.read_table("admin/wipe")
    with pytest.raises(ValueError, match="admin/wipe writes"):
        empty_db.transaction(lambda tx: tx.run("admin/wipe"), write=False)


# Query text reaches Neo4j only through graph_service/db/. Elsewhere: no driver call that takes
# text, and no way to a session or a driver transaction, so the only `tx.run` left is the
# runner's `Transaction.run`, which takes a file's name. client.py is the analysts' escape
# hatch: their own ad-hoc, read-only Cypher in a notebook, not a query of the service.
RAW_CYPHER = re.compile(
    r"execute_query\(|execute_(?:read|write)\(|\.session\(|\.begin_transaction\("
    r"|unit_of_work|ManagedTransaction|\.driver\b|(?:session|transaction|result)\.run\("
)


def test_no_query_text_runs_outside_db() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if PACKAGE / "db" not in path.parents and path != PACKAGE / "client.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if RAW_CYPHER.search(line)
    ]
    assert offenders == []
