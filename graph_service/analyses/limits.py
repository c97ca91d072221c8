"""The programme's load limits, defined once: the parameters of the overloaded-liaisons analysis.

`cypher/analyses/overloaded-liaisons.cypher` declares the stairwell and household limits with
their defaults and the reasoning behind them (about three times the street's mean load). The
rebalance plan, the candidates list and the wartime drill take their defaults from there, so a
member the analysis flags is exactly a member the plan tries to relieve.
"""

from __future__ import annotations

from graph_service.analyses.catalogue import Param, cypher_analyses

SOURCE = "overloaded-liaisons"


def liaison_limit(name: str) -> Param:
    """The declared parameter `stairwell_limit` or `household_limit` of the analysis."""
    params = {param.name: param for param in cypher_analyses()[SOURCE].params}
    return params[name]


def stairwell_limit() -> Param:
    return liaison_limit("stairwell_limit")


def household_limit() -> Param:
    return liaison_limit("household_limit")
