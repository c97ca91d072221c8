"""The analysis files: every one has a valid header, declares what it uses, and runs cleanly."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from graph_service.analyses import catalogue
from graph_service.analyses.catalogue import HeaderError, analysis_files, parse_header
from graph_service.app import create_app
from graph_service.db.runner import Runner
from graph_service.settings import Settings

FILES = analysis_files()


def test_the_issue_s_analyses_are_all_there() -> None:
    names = {path.stem for path in FILES}
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


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_every_analysis_file_has_a_header_and_runs(
    path: Path, small_street: Runner, caplog: pytest.LogCaptureFixture
) -> None:
    analysis = parse_header(path.stem, path.read_text(encoding="utf-8"))
    assert analysis.title_zh and analysis.title_en and analysis.description
    for param in analysis.params:
        assert param.description, f"{param.name} has no description"
    defaults = {param.name: param.default for param in analysis.params}
    # Any server notification of severity WARNING (a deprecated feature, an unknown label) fails.
    with caplog.at_level(logging.WARNING, logger="neo4j.notifications"):
        columns, _ = small_street.read_table(
            f"analyses/{analysis.name}", defaults, metadata={"analysis": analysis.name}
        )
    assert columns
    assert [record.getMessage() for record in caplog.records] == []


GOOD = """// title: 测试 | Test
// description: One line.
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
        (GOOD.replace(" -- how many", ""), "expected `NAME TYPE = DEFAULT"),
        (GOOD.replace("$who IS NULL AND ", ""), "never uses ['who']"),
        (GOOD + "RETURN $other\n", "undeclared"),
        (GOOD.replace("limit_n", "limit"), "reserved"),
    ],
)
def test_a_malformed_header_is_refused_with_the_reason(text: str, message: str) -> None:
    with pytest.raises(HeaderError, match=None) as error:
        parse_header("test", text)
    assert message in str(error.value)


def test_a_malformed_file_stops_the_service_from_starting_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> None:
    (tmp_path / "broken-analysis.cypher").write_text("// title: only English\nRETURN 1\n")
    monkeypatch.setattr(catalogue, "ANALYSES_DIR", tmp_path)
    catalogue.cypher_analyses.cache_clear()
    try:
        with pytest.raises(HeaderError, match="broken-analysis"):
            create_app(settings)
    finally:
        monkeypatch.undo()
        catalogue.cypher_analyses.cache_clear()
