"""The gap rules: each gap analysis, named once, with what a finding of it is and whose it is.

A rule is an analysis file run with its default parameters; each row it returns is a finding
about one entity (its `node_key`). The same findings make the headline figures kept with a
snapshot (`history.figures`: how many per grid, community, street) and the cases of the
rectification ledger (`ledger`: one case per rule and entity while the finding lasts).

`owner` says who a finding goes to, by role, as the programme assigns responsibility: a
stairwell, building or grid finding to the grid head (网格长) of its grid (the community
secretary when the grid has none), a community or member finding to the community secretary
(社区书记), a department finding to the department itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from graph_service.analyses.catalogue import cypher_analyses
from graph_service.analyses.limits import household_limit
from graph_service.db.runner import Transaction

Owner = Literal["grid", "community", "department", "none"]


@dataclass(frozen=True)
class Rule:
    """One gap rule. `counted_in` is the lowest level whose figures count its findings."""

    name: str
    zh: str
    analysis: str  # file under cypher/, e.g. analyses/uncovered-stairwells
    metric: str | None  # the headline figure counting its findings (None: none)
    counted_in: Literal["Grid", "Community"]
    owner: Owner
    keep: str = "all"  # which rows: all, or only rows whose `kind` equals this

    def findings(self, tx: Transaction) -> list[dict[str, Any]]:
        """The rule's rows on the graph `tx` sees (default parameters)."""
        if self.analysis.startswith("analyses/"):
            params = cypher_analyses()[self.analysis.removeprefix("analyses/")].coerce({})
        else:
            params = {"household_limit": household_limit().default}
        rows = tx.run(self.analysis, params)
        return [row for row in rows if self.keep == "all" or row.get("kind") == self.keep]


RULES: tuple[Rule, ...] = (
    Rule("uncovered_stairwell", "未联系楼道", "analyses/uncovered-stairwells",
         "uncovered_stairwells", "Grid", "grid"),
    Rule("leaderless_grid", "缺少负责人的网格", "analyses/leaderless-grids",
         "leaderless_grids", "Grid", "grid"),
    Rule("wartime_gap", "战时无人包干", "analyses/wartime-coverage",
         "wartime_gaps", "Grid", "grid"),
    Rule("overloaded_liaison", "联户负担过重", "analyses/overloaded-liaisons",
         "overloaded_liaisons", "Community", "community"),
    Rule("unpartnered_community", "缺少共建伙伴的社区", "analyses/unpartnered-communities",
         "unpartnered_communities", "Community", "community"),
    Rule("single_point_of_failure", "单点失效风险", "history/sole-liaisons",
         "single_points_of_failure", "Community", "community"),
    Rule("overstretched_department", "部门联系过散", "analyses/overloaded-cadres",
         None, "Community", "department", keep="department"),
)  # fmt: skip
RULE_BY_NAME = {rule.name: rule for rule in RULES}


def all_findings(tx: Transaction) -> dict[str, list[dict[str, Any]]]:
    """Every rule's findings on the graph `tx` sees."""
    return {rule.name: rule.findings(tx) for rule in RULES}
