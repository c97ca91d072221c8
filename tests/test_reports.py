"""Briefings (GET /api/v1/reports): what they say equals what the API answers for the same place.

Each report is read back as a reader would: the Word file with python-docx (its tables cell by
cell), the PDF by extracting its text with pypdf (and its font dictionaries). Expected values come
from the API's own answers for the same scope, written the way a briefing writes figures (a share
as a percentage with two decimals); the two-month street's figures are worked out by hand.
"""

from __future__ import annotations

import io
import json
import re
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import history_rosters as rosters
import pytest
from answers import rows
from conftest import ANALYST
from docx import Document
from fastapi.testclient import TestClient
from pypdf import PdfReader

from graph_service.auth.audit import AuditTrail
from graph_service.cli import main
from graph_service.db.runner import Runner
from graph_service.reports import fonts
from graph_service.settings import Settings, get_settings

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LOOPBACK = ("127.0.0.1", "::1", "localhost")


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every address a socket tried to reach off this machine (the test fails if any)."""
    tried: list[str] = []
    connect, lookup = socket.socket.connect, socket.getaddrinfo

    def guarded_connect(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else str(address)
        if self.family in (socket.AF_INET, socket.AF_INET6) and host not in LOOPBACK:
            tried.append(str(host))
            raise OSError(f"the test refuses a connection off the machine: {host}")
        return connect(self, address)

    def guarded_lookup(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in (None, *LOOPBACK) and not str(host).startswith("127."):
            tried.append(str(host))
        return lookup(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_lookup)
    yield tried
    assert tried == [], f"a report tried to reach {tried}"


def share(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.2f}%"


def number(value: Any) -> str:
    return "—" if value is None else str(int(value))


def report(client: TestClient, scope: str, fmt: str, **params: str) -> bytes:
    response = client.get("/api/v1/reports", params={"scope": scope, "format": fmt, **params})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == (DOCX if fmt == "docx" else "application/pdf")
    name = f"briefing-{scope.replace(':', '-')}-"
    assert name in response.headers["content-disposition"]
    return response.content


def docx_tables(content: bytes) -> tuple[list[str], dict[str, list[list[str]]]]:
    """The document's paragraphs, and each table's rows under its caption's title (no number)."""
    doc = Document(io.BytesIO(content))
    paragraphs = [p.text for p in doc.paragraphs]
    captions = [p for p in paragraphs if re.match(r"^表\d+ ", p)]
    assert len(captions) == len(doc.tables)
    tables = {
        caption.split(" ", 1)[1]: [[cell.text for cell in row.cells] for row in table.rows]
        for caption, table in zip(captions, doc.tables, strict=True)
    }
    return paragraphs, tables


def pdf_text(content: bytes) -> str:
    """All the PDF's text with white space removed (a cell's text may wrap anywhere)."""
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def assert_in_order(text: str, expected: list[str]) -> None:
    """Every expected string occurs in `text`, in this order (white space ignored)."""
    at = 0
    for item in expected:
        found = text.find(re.sub(r"\s+", "", item), at)
        assert found >= 0, f"{item!r} not found after position {at}"
        at = found


def embedded_fonts(content: bytes) -> dict[str, bool]:
    """Base font name → whether its file is embedded, over every page's fonts."""
    reader = PdfReader(io.BytesIO(content))
    found: dict[str, bool] = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"])] = embedded
    return found


def expected_tables(client: TestClient, scope: str) -> dict[str, list[list[str]]]:
    """What each table of the briefing of `scope` must hold, from the API's answers."""
    level, place = scope.split(":")
    overview = client.get("/api/v1/graph/overview").json()["nodes"]
    if level == "Community":
        communities = {place}
    else:
        communities = {
            n["attributes"]["id"] for n in overview if n["attributes"]["label"] == "Community"
        }
    filter_ = {"community_id": place} if level == "Community" else {}

    def placed(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [r for r in found if r.get("community_id") in communities]

    tables: dict[str, list[list[str]]] = {}
    trends = {
        t["metric"]: t["points"]
        for t in client.get("/api/v1/trends", params={"scope": scope}).json()["trends"]
    }
    figure_rows = []
    for metric in ("stairwells", "stairwell_coverage", "uncovered_stairwells"):
        points = trends[metric]
        now, before = points[-1]["value"], points[-2]["value"] if len(points) > 1 else None
        fmt = share if metric.endswith("coverage") else number
        figure_rows.append([fmt(now), fmt(before)])
    tables["figures"] = figure_rows

    keys = {f"Community:{c}" for c in communities} | {scope}
    rollup = rows(client, "coverage-rollup")
    community_rows = [r for r in rollup if r["node_key"] in keys]
    grid_rows = [
        r
        for r in rollup
        if r["level"] == "grid" and r["node_key"] in _grid_keys(client, communities)
    ]
    tables["coverage"] = [
        [r["area"], number(r["stairwells"]), number(r["covered_stairwells"]),
         share(r["covered_share"]), number(r["households"])]
        for r in community_rows + grid_rows
    ]  # fmt: skip
    tables["uncovered"] = [
        [r["stairwell"], number(r["households"]), r["grid"], "、".join(r["grid_heads"]) or "（无）"]
        for r in placed(rows(client, "uncovered-stairwells", **filter_))
    ]
    tables["overloaded"] = [
        [r["name"], number(r["stairwells"]), number(r["households"])]
        for r in placed(rows(client, "overloaded-liaisons"))
    ]
    plan = client.post("/api/v1/plans/rebalance", json={}).json()
    names = plan["names"]
    stairwell_community = {r["stairwell_key"]: r["community_id"] for r in rows(client, "rebalance")}
    tables["moves"] = [
        [names[m["stairwell_key"]], names[m["from_key"]], names[m["to_key"]]]
        for m in plan["moves"]
        if stairwell_community[m["stairwell_key"]] in communities
    ]
    tables["unpartnered"] = [
        [r["community"]] for r in placed(rows(client, "unpartnered-communities"))
    ]
    tables["suggestions"] = [
        [r["community"], r["candidate"]] for r in placed(rows(client, "pairing-suggestions"))
    ]
    tables["wartime_gaps"] = [
        [r["name"], r["community"] or ""]
        for r in placed(rows(client, "wartime-coverage", **filter_))
    ]
    dependence: dict[tuple[str, str], list[int]] = {}
    for community in sorted(communities):  # a place lies in one community: the sums are exact
        for r in rows(client, "wartime-dependence", community_id=community):
            held = dependence.setdefault((r["department_id"], r["department"]), [0, 0])
            held[0] += r["buildings"]
            held[1] += r["checkpoints"]
    tables["dependence"] = [
        [name, str(b), str(c)]
        for (_, name), (b, c) in sorted(dependence.items(), key=lambda kv: (-sum(kv[1]), kv[0]))
    ]
    cases = client.get(
        "/api/v1/ledger/cases", params={"scope": scope, "status": "open", "limit": 500}
    ).json()
    tables["open_cases"] = [
        [str(c["id"]), c["rule_zh"], c["entity_name"] or c["entity"], c["status_zh"]]
        for c in sorted(cases["cases"], key=lambda c: c["id"])
    ]
    closed = client.get(
        "/api/v1/ledger/cases", params={"scope": scope, "status": "rectified", "limit": 500}
    ).json()
    tables["closed_cases"] = [
        [str(c["id"]), c["rule_zh"], c["entity_name"] or c["entity"], c["closed_on"]]
        for c in sorted(closed["cases"], key=lambda c: c["id"])
    ]
    stats = client.get("/api/v1/ledger/stats", params={"scope": scope}).json()["summary"]
    tables["ledger"] = [[str(stats["total"]), str(stats["open"]), str(stats["rectified"])]]
    return tables


def _grid_keys(client: TestClient, communities: set[str]) -> set[str]:
    keys = set()
    for community in communities:
        found = client.get(f"/api/v1/graph/children/Community/{community}").json()["nodes"]
        keys |= {n["key"] for n in found if n["attributes"]["label"] == "Grid"}
    return keys


# Which columns of each briefing table the expectation names (by the table's Chinese title).
COLUMNS = {
    "coverage": ("各社区、网格联户覆盖情况", (0, 2, 3, 4, 5)),
    "uncovered": ("未联系楼道及所在网格负责人", (0, 1, 3, 4)),
    "overloaded": ("联户负担过重的党员", (0, 2, 3)),
    "unpartnered": ("缺少共建伙伴的社区", (0,)),
    "suggestions": ("建议结对的单位", (0, 2)),
    "wartime_gaps": ("战时无人包干的楼栋和卡点", (1, 3)),
    "dependence": ("战时依赖单一部门的楼栋和卡点", (0, 1, 2)),
    "open_cases": ("未整改的问题", (0, 1, 2, 3)),
    "closed_cases": ("已整改的问题", (0, 1, 2, 4)),
}


def check_docx(content: bytes, expected: dict[str, list[list[str]]]) -> None:
    paragraphs, tables = docx_tables(content)
    figures = tables["主要指标及较上期变化"]
    by_metric = {row[0]: row[1:3] for row in figures[1:]}
    assert [by_metric[m] for m in ("楼道数", "楼道覆盖率", "未联系楼道")] == expected["figures"]
    for key, (title, columns) in COLUMNS.items():
        found = [[row[i] for i in columns] for row in tables.get(title, [[]])[1:]]
        assert found == expected[key], key
    moves = [
        [row[0], row[2].rsplit("（", 1)[0], row[3].rsplit("（", 1)[0]]
        for row in tables.get("建议调整的楼道联系人", [[]])[1:]
    ]
    assert moves == expected["moves"]
    total, open_, rectified = expected["ledger"][0]
    assert any(
        f"共有问题{total}个：未整改{open_}个" in p and f"已整改{rectified}个" in p
        for p in paragraphs
    )
    # every table is numbered and captioned, every figure too (a picture, then its caption)
    doc = Document(io.BytesIO(content))
    assert len([p for p in paragraphs if re.match(r"^图\d+ ", p)]) == len(doc.inline_shapes) >= 2
    for table in doc.tables:  # the header row repeats on every page the table runs onto
        assert (
            table.rows[0]._tr.trPr.find(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader"
            )
            is not None
        )


def check_pdf(content: bytes, expected: dict[str, list[list[str]]]) -> None:
    text = pdf_text(content)
    figures = zip(("楼道数", "楼道覆盖率", "未联系楼道"), expected["figures"], strict=True)
    assert_in_order(text, [cell for name, row in figures for cell in (name, *row)])
    for key, table in expected.items():
        if key != "figures":
            assert_in_order(text, [cell for row in table for cell in row if cell not in ("", "—")])
    fonts_used = embedded_fonts(content)
    assert all(fonts_used.values()), fonts_used
    faces = {name.split("+", 1)[-1] for name in fonts_used}
    # song (title, body: BousungEG is SungtiL GB's PostScript name), kai, hei
    assert {"BousungEG-Light-GB", "GBZenKai-Medium", "WenQuanYiZenHei-0"} <= faces, faces


@pytest.mark.sample
@pytest.mark.parametrize("scope", ["Street:ST01", "Community:CM02"])
def test_a_briefing_says_what_the_api_answers(
    sample_db: Runner, client: TestClient, offline: list[str], scope: str
) -> None:
    expected = expected_tables(client, scope)
    assert expected["uncovered"] and expected["overloaded"]  # the sample has gaps to report
    check_docx(report(client, scope, "docx"), expected)
    check_pdf(report(client, scope, "pdf"), expected)


def test_changes_since_the_previous_roster_and_wrong_requests(
    empty_db: Runner,
    client: TestClient,
    settings: Settings,
    tmp_path: Path,
    offline: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    role_headers: Callable[..., dict[str, str]],
) -> None:
    """The two-month street (tests/history_rosters.py), by hand: July 4 stairwells, 3 covered
    (S4 has nobody), 5 households, 4 covered; G2 has no party-group leader. August: S5 is new and
    has nobody, S4 is taken by P2: 5 stairwells, 4 covered (80%), 6 households, 5 covered; G2 has
    its leader. So: stairwells 5 (+1), coverage 80.00% (+5.00 points), uncovered 1 (0), leaderless
    grids 0 (-1); the one uncovered stairwell is 西1幢3单元, grid head 党员4."""
    rosters.import_two_months(empty_db, tmp_path)
    _, tables = docx_tables(report(client, "Street:ST1", "docx"))
    trail: AuditTrail = client.app.state.audit  # type: ignore[attr-defined]
    _, [made] = trail.records(action="report", limit=1)
    assert (made["account"], made["role"], made["result"]) == (ANALYST, "city_analyst", "200")
    assert json.loads(made["objects"]) == {
        "scope": "Street:ST1", "format": "docx", "language": "zh",
        "rows": {"coverage": 5, "uncovered_stairwells": 1, "overloaded_liaisons": 0, "moves": 0,
                 "unpartnered_communities": 2, "pairing_suggestions": 0, "wartime_gaps": 2,
                 "wartime_dependence": 0, "open_cases": len(tables["未整改的问题"]) - 1,
                 "closed_cases": len(tables["已整改的问题"]) - 1},
    }  # fmt: skip
    figures = {row[0]: row[1:] for row in tables["主要指标及较上期变化"][1:]}
    assert figures["楼道数"] == ["5", "4", "+1"]
    assert figures["楼道覆盖率"] == ["80.00%", "75.00%", "+5.00个百分点"]
    assert figures["户数"] == ["6", "5", "+1"]
    assert figures["住户覆盖率"] == ["83.33%", "80.00%", "+3.33个百分点"]
    assert figures["未联系楼道"] == ["1", "1", "0"]
    assert figures["缺少负责人的网格"] == ["0", "1", "-1"]
    uncovered = tables["未联系楼道及所在网格负责人"][1:]
    assert [[r[0], r[1], r[3], r[4]] for r in uncovered] == [
        ["西1幢3单元", "1", "西一网格", "党员4"]
    ]
    closed = {row[2] for row in tables["已整改的问题"][1:]}
    assert {"西1幢2单元", "西一网格"} <= closed  # S4 got a liaison, G2 its leader

    english = pdf_text(report(client, "Community:C2", "pdf", language="en"))
    assert "西社区:theThreeLinksprogramme,abriefing" in english
    assert_in_order(
        english, ["Stairwells", "3", "2", "+1", "Stairwellcoverage", "66.67%", "50.00%"]
    )

    for params, status, parameter in (
        ({"scope": "Grid:G1", "format": "pdf"}, 422, "scope"),
        ({"scope": "Street:ST1", "format": "odt"}, 422, "format"),
        ({"scope": "Street:ST1", "language": "fr"}, 422, "language"),
    ):
        answer = client.get("/api/v1/reports", params=params)
        assert answer.status_code == status and answer.json()["parameter"] == parameter
        assert answer.headers["content-type"] == "application/problem+json"
    assert client.get("/api/v1/reports", params={"scope": "Community:C9"}).status_code == 404

    # An account limited to a place gets briefings of its place and of communities in it.
    c2 = role_headers("community_secretary", "Community:C2")
    street = role_headers("street_analyst", "Street:ST1")
    for headers, scope, status in (
        (c2, "Community:C2", 200),
        (c2, "Community:C1", 404),
        (c2, "Street:ST1", 404),
        (street, "Community:C1", 200),
        (role_headers("grid_leader", "Grid:G1"), "Community:C1", 404),
        (role_headers("dashboard"), "Street:ST1", 403),
    ):
        answer = client.get("/api/v1/reports", params={"scope": scope}, headers=headers)
        assert answer.status_code == status, (scope, answer.text)
    params = {"scope": "Community:C2", "format": "docx"}
    own = docx_tables(client.get("/api/v1/reports", params=params, headers=c2).content)[1]
    seen = docx_tables(report(client, "Community:C2", "docx"))[1]
    assert own["主要指标及较上期变化"] == seen["主要指标及较上期变化"]

    # without its fonts a PDF is refused, naming what to install (never a PDF of empty boxes)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fonts, "FONT_DIRS", (tmp_path / "no-fonts",))
        fonts.faces.cache_clear()
        answer = client.get("/api/v1/reports", params={"scope": "Street:ST1", "format": "pdf"})
    fonts.faces.cache_clear()
    assert answer.status_code == 503
    assert "fonts-arphic-gbsn00lp" in answer.json()["packages"]
    assert "make report-deps" in answer.json()["detail"]

    # the command line writes the same briefing (the README's command)
    monkeypatch.setenv("NEO4J_URI", settings.neo4j_uri)
    monkeypatch.setenv("NEO4J_PASSWORD", settings.neo4j_password)
    monkeypatch.setenv("STATE_DIR", str(settings.state_dir))
    get_settings.cache_clear()
    trail.flush()  # the requests' records first, so the command's is the newest
    try:
        out = tmp_path / "street.docx"
        assert main(["report", "--scope", "Street:ST1", "--format", "docx", str(out)]) == 0
    finally:
        get_settings.cache_clear()
    assert Document(str(out)).paragraphs[0].text == "甲街道三联工程运行情况简报"
    assert "1 uncovered_stairwells" in capsys.readouterr().out
    _, [made] = trail.records(action="report", limit=1)  # recorded as the API records one
    assert made["account"].startswith("operator:") and made["endpoint"] == "graph-service report"
