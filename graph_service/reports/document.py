"""A briefing as a document: a title block, then headings, paragraphs, numbered tables and
numbered figures, in order. The Word and PDF writers render this one list, so both formats say
exactly the same; only the typesetting differs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph_service.analyses.rules import RULE_BY_NAME
from graph_service.history.figures import METRIC_ZH
from graph_service.ledger.cases import OWNER_ROLE_ZH, STATUS_ZH
from graph_service.reports import charts
from graph_service.reports.briefing import Briefing
from graph_service.reports.wording import (
    METRIC_EN,
    OWNER_ROLE_EN,
    STATUS_EN,
    Language,
    change,
    count,
    share,
    words,
)


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    caption: str  # "表1 …", above the table
    columns: list[str]
    rows: list[list[str]]
    widths: list[float]  # relative column widths
    numeric: frozenset[int] = frozenset()  # columns aligned right


@dataclass(frozen=True)
class Figure:
    caption: str  # "图1 …", below the figure
    png: bytes
    width_cm: float
    height_cm: float


Block = Heading | Paragraph | Table | Figure


@dataclass
class Document:
    title: str
    lines: list[str]  # under the title: place, period, date
    blocks: list[Block] = field(default_factory=list)
    language: Language = "zh"
    footer: str = "— {n} —"


class _Numbering:
    def __init__(self, w: dict[str, str]) -> None:
        self.w = w
        self.tables = 0
        self.figures = 0

    def table(self, title: str) -> str:
        self.tables += 1
        return f"{self.w['table'].format(n=self.tables)} {title}"

    def figure(self, title: str) -> str:
        self.figures += 1
        return f"{self.w['figure'].format(n=self.figures)} {title}"


def _names(values: Any, none: str) -> str:
    items = [str(v) for v in values or [] if v]
    return "、".join(items) if items else none


def compose(b: Briefing, language: Language = "zh") -> Document:
    """The document of briefing `b` in `language`."""
    w = words(language)
    zh = language == "zh"
    n = _Numbering(w)
    nobody = "（无）" if zh else "(none)"
    if b.as_of and b.since:
        period = w["period"].format(since=b.since, as_of=b.as_of)
    elif b.as_of:
        period = w["period_one"].format(as_of=b.as_of)
    else:
        period = w["period_none"].format(made_on=b.made_on.isoformat())
    place = b.name if b.level == "Street" or not b.street_name else f"{b.street_name}{b.name}"
    doc = Document(
        title=w["title"].format(name=b.name),
        lines=[
            w["scope"].format(scope=f"{place}（{b.scope}）" if zh else f"{place} ({b.scope})"),
            period,
            w["made_on"].format(made_on=b.made_on.isoformat()),
        ],
        language=language,
        footer=w["page"],
    )
    add = doc.blocks.append
    figure = {f.metric: f for f in b.figures}

    # 一、基本情况
    add(Heading(w["s_figures"]))
    add(
        Paragraph(
            w["p_figures"].format(
                as_of=b.as_of or b.made_on.isoformat(),
                name=b.name,
                stairwells=count(figure["stairwells"].value),
                covered=count(figure["covered_stairwells"].value),
                share=share(figure["stairwell_coverage"].value),
            )
        )
    )
    rows = []
    for f in b.figures:
        is_share = f.metric.endswith("_coverage")
        fmt = share if is_share else count
        name = METRIC_ZH[f.metric] if zh else METRIC_EN[f.metric]
        rows.append([name, fmt(f.value), fmt(f.previous), change(f.change, is_share, language)])
    add(
        Table(
            n.table(w["t_figures"]),
            [w["c_metric"], w["c_now"], w["c_before"], w["c_change"]],
            rows,
            [3, 1.4, 1.4, 1.8],
            frozenset({1, 2, 3}),
        )
    )

    # 二、联户覆盖
    add(Heading(w["s_coverage"]))
    communities = [r for r in b.coverage if r["level"] == "community"]
    grids = [r for r in b.coverage if r["level"] == "grid"]
    if b.level == "Street" and communities:
        add(
            Figure(
                n.figure(w["f_by_community"]),
                charts.coverage_bars(
                    [(r["area"], r["covered_share"]) for r in communities], language
                ),
                15.0,
                charts.bars_height_cm(len(communities)),
            )
        )
    if grids:
        add(
            Figure(
                n.figure(w["f_by_grid"]),
                charts.coverage_bars([(r["area"], r["covered_share"]) for r in grids], language),
                15.0,
                charts.bars_height_cm(len(grids)),
            )
        )
    level_word = {lvl: w[f"level_{lvl}"] for lvl in ("street", "community", "grid")}
    add(
        Table(
            n.table(w["t_coverage"]),
            [
                w[c]
                for c in (
                    "c_area",
                    "c_level",
                    "c_stairwells",
                    "c_covered",
                    "c_share",
                    "c_households",
                    "c_covered_households",
                    "c_household_share",
                    "c_liaisons",
                )
            ],
            [
                [
                    str(r["area"]),
                    level_word[r["level"]],
                    count(r["stairwells"]),
                    count(r["covered_stairwells"]),
                    share(r["covered_share"]),
                    count(r["households"]),
                    count(r["covered_households"]),
                    share(r["covered_household_share"]),
                    count(r["liaisons"]),
                ]
                for r in b.coverage
            ],
            [2.6, 1, 1, 1, 1.3, 1, 1.2, 1.3, 1.1],
            frozenset(range(2, 9)),
        )
    )

    # 三、未联系楼道
    add(Heading(w["s_uncovered"]))
    if b.uncovered:
        households = sum(int(r["households"] or 0) for r in b.uncovered)
        add(Paragraph(w["p_uncovered"].format(n=len(b.uncovered), households=households)))
        add(
            Table(
                n.table(w["t_uncovered"]),
                [
                    w[c]
                    for c in (
                        "c_stairwell",
                        "c_households",
                        "c_building",
                        "c_grid",
                        "c_grid_heads",
                        "c_community",
                    )
                ],
                [
                    [
                        str(r["stairwell"]),
                        count(r["households"]),
                        str(r["building"] or ""),
                        str(r["grid"] or ""),
                        _names(r["grid_heads"], nobody),
                        str(r["community"] or ""),
                    ]
                    for r in b.uncovered
                ],
                [2.6, 0.8, 1.6, 1.6, 1.4, 1.4],
                frozenset({1}),
            )
        )
    else:
        add(Paragraph(w["none"]))

    # 四、负担过重及调整建议
    add(Heading(w["s_overload"]))
    add(
        Paragraph(
            w["p_overload"].format(n=len(b.overloaded), limit=b.stairwell_limit, moves=len(b.moves))
        )
    )
    if b.overloaded:
        add(
            Table(
                n.table(w["t_overloaded"]),
                [
                    w[c]
                    for c in (
                        "c_member",
                        "c_community",
                        "c_stairwells",
                        "c_households",
                        "c_reasons",
                    )
                ],
                [
                    [
                        str(r["name"]),
                        str(r["community"] or ""),
                        count(r["stairwells"]),
                        count(r["households"]),
                        "、".join(w[f"reason_{reason}"] for reason in r["reasons"]),
                    ]
                    for r in b.overloaded
                ],
                [1.4, 1.6, 0.9, 0.9, 2.6],
                frozenset({2, 3}),
            )
        )
    if b.moves:
        add(
            Table(
                n.table(w["t_moves"]),
                [w[c] for c in ("c_stairwell", "c_grid", "c_from", "c_to")],
                [
                    [
                        str(r["stairwell"]),
                        str(r["grid_id"] or ""),
                        f"{r['from_name']}（{r['from_load_before']}）"
                        if zh
                        else f"{r['from_name']} ({r['from_load_before']})",
                        f"{r['to_name']}（{r['to_load_before']}）"
                        if zh
                        else f"{r['to_name']} ({r['to_load_before']})",
                    ]
                    for r in b.moves
                ],
                [2.8, 1, 2, 2],
            )
        )

    # 五、共建伙伴
    add(Heading(w["s_partners"]))
    if b.unpartnered:
        add(Paragraph(w["p_partners"].format(n=len(b.unpartnered))))
        add(
            Table(
                n.table(w["t_unpartnered"]),
                [w[c] for c in ("c_community", "c_teams", "c_branches", "c_units", "c_missing")],
                [
                    [
                        str(r["community"]),
                        count(r["service_teams"]),
                        count(r["organ_branches"]),
                        count(r["co_building_units"]),
                        "、".join(w[f"missing_{kind}"] for kind in r["missing"]),
                    ]
                    for r in b.unpartnered
                ],
                [1.8, 1, 1, 1, 2.2],
                frozenset({1, 2, 3}),
            )
        )
        if b.suggestions:
            add(
                Table(
                    n.table(w["t_suggestions"]),
                    [
                        w[c]
                        for c in (
                            "c_community",
                            "c_missing",
                            "c_candidate",
                            "c_served",
                            "c_activity",
                        )
                    ],
                    [
                        [
                            str(r["community"]),
                            w[f"missing_{r['missing']}"],
                            str(r["candidate"]),
                            count(r["communities_served"]),
                            count(r["activity"]),
                        ]
                        for r in b.suggestions
                    ],
                    [1.6, 1.3, 3, 1.1, 0.9],
                    frozenset({3, 4}),
                )
            )
    else:
        add(Paragraph(w["none"]))

    # 六、战时
    add(Heading(w["s_wartime"]))
    add(
        Paragraph(
            w["p_wartime"].format(
                buildings=sum(r["kind"] == "building" for r in b.wartime_gaps),
                checkpoints=sum(r["kind"] == "checkpoint" for r in b.wartime_gaps),
                departments=len(b.dependence),
            )
        )
    )
    if b.wartime_gaps:
        add(
            Table(
                n.table(w["t_wartime_gaps"]),
                [w[c] for c in ("c_kind", "c_name", "c_grid", "c_community")],
                [
                    [
                        w[f"kind_{r['kind']}"],
                        str(r["name"]),
                        str(r["grid_id"] or "—"),
                        str(r["community"] or ""),
                    ]
                    for r in b.wartime_gaps
                ],
                [1, 3, 1.2, 1.8],
            )
        )
    if b.dependence:
        add(
            Table(
                n.table(w["t_dependence"]),
                [w[c] for c in ("c_department", "c_buildings", "c_checkpoints", "c_communities")],
                [
                    [
                        str(r["department"]),
                        count(r["buildings"]),
                        count(r["checkpoints"]),
                        count(r["communities"]),
                    ]
                    for r in b.dependence
                ],
                [3.4, 1, 1, 1],
                frozenset({1, 2, 3}),
            )
        )

    # 七、整改台账
    add(Heading(w["s_ledger"]))
    s = b.ledger
    add(
        Paragraph(
            w["p_ledger"].format(
                total=s.total,
                open=s.open,
                overdue=s.overdue,
                rectified=s.rectified,
                ignored=s.ignored,
                rate=share(s.rectification_rate),
            )
        )
    )
    status = STATUS_ZH if zh else STATUS_EN
    role = OWNER_ROLE_ZH if zh else OWNER_ROLE_EN
    if b.open_cases:
        add(
            Table(
                n.table(w["t_open_cases"]),
                [
                    w[c]
                    for c in (
                        "c_case",
                        "c_rule",
                        "c_entity",
                        "c_status",
                        "c_owner",
                        "c_opened",
                        "c_deadline",
                    )
                ],
                [
                    [
                        str(c["id"]),
                        _rule(c["rule"], zh),
                        str(c.get("entity_name") or c["entity"]),
                        status[c["status"]],
                        role.get(c.get("owner_role") or "", "—"),
                        str(c.get("opened_on") or ""),
                        str(c.get("deadline") or "—"),
                    ]
                    for c in b.open_cases
                ],
                [0.7, 2, 2.4, 1, 1.1, 1.4, 1.4],
                frozenset({0}),
            )
        )
    if b.closed_cases:
        add(
            Table(
                n.table(w["t_closed_cases"]),
                [w[c] for c in ("c_case", "c_rule", "c_entity", "c_opened", "c_closed")],
                [
                    [
                        str(c["id"]),
                        _rule(c["rule"], zh),
                        str(c.get("entity_name") or c["entity"]),
                        str(c.get("opened_on") or ""),
                        str(c.get("closed_on") or ""),
                    ]
                    for c in b.closed_cases
                ],
                [0.7, 2, 2.6, 1.4, 1.4],
                frozenset({0}),
            )
        )

    # 八、联系网络图
    add(Heading(w["s_network"]))
    add(Paragraph(w["p_network"].format(name=b.name)))
    add(
        Figure(
            n.figure(w["f_network"].format(name=b.name)),
            charts.network_picture(b.network, b.level, language),
            15.5,
            10.5,
        )
    )
    return doc


def _rule(rule: str, zh: bool) -> str:
    found = RULE_BY_NAME.get(rule)
    if found is None:
        return rule
    return found.zh if zh else rule.replace("_", " ")
