"""Roles, each a set of permissions, with separated duties (三权分立).

The system administrator manages accounts and sees no personal data; the security
administrator gives roles and scopes; the audit administrator reads the audit trail and nothing
else. Analysts, community secretaries and grid leaders read the network, each within a *scope*
(a place and everything under it) where the role has one; the roster importer imports; the
dashboard sees counts only. Rectification cases are handled by those who follow them up on the
ground (street, community, grid: `ledger:write`, within their scope); city and district analysts
read the ledger but do not change it. `docs/security.md` shows the table; a test checks it
against this.
"""

from __future__ import annotations

from dataclasses import dataclass

# What a route may ask for. `SIGNED_IN` is any account; `PUBLIC` needs none.
PUBLIC = "public"
SIGNED_IN = "signed-in"
PERMISSIONS = {
    "graph:read": "the explorer's slices: places, organisations and liaisons",
    "entities:read": "one node, its neighbours, search by name, paths",
    "analyses:list": "the catalogue of analyses",
    "analyses:run": "run an analysis (rows may name people)",
    "stats:read": "counts of nodes and relationships",
    "plans:plan": "what-if and rebalancing plans (nothing is written)",
    "plans:apply": "apply a rebalancing plan (writes the graph)",
    "rosters:import": "import a roster (writes the graph)",
    "rosters:export": "export the graph as a roster",
    "accounts:manage": "create, list and disable accounts",
    "roles:assign": "give accounts roles and scopes",
    "audit:read": "read the audit trail",
    "history:read": "snapshots, trends, diffs, what was true when, the rectification ledger",
    "ledger:write": "change a rectification case (status, owner, deadline) or comment on it",
    "records:unmask": "see one record's contact data, giving a reason (audited)",
}


@dataclass(frozen=True)
class Role:
    name: str
    zh: str
    en: str
    permissions: frozenset[str]
    # The place label an account of this role is limited to (None: the whole territory).
    scope_label: str | None = None
    # Administrators sign in with a one-time code as well (and get no API tokens).
    second_factor: bool = False


_READ = {
    "graph:read",
    "entities:read",
    "analyses:list",
    "analyses:run",
    "stats:read",
    "history:read",
}
_ROLES = (
    Role("system_admin", "系统管理员", "system administrator",
         frozenset({"accounts:manage"}), second_factor=True),
    Role("security_admin", "安全管理员", "security administrator",
         frozenset({"roles:assign"}), second_factor=True),
    Role("audit_admin", "审计管理员", "audit administrator",
         frozenset({"audit:read"}), second_factor=True),
    Role("city_analyst", "市区分析员", "city/district analyst",
         frozenset(_READ | {"plans:plan", "plans:apply", "rosters:export", "records:unmask"})),
    Role("street_analyst", "街道分析员", "street analyst",
         frozenset(_READ | {"plans:plan", "plans:apply", "rosters:export", "records:unmask",
                            "ledger:write"}),
         scope_label="Street"),
    Role("community_secretary", "社区书记", "community secretary",
         frozenset(_READ | {"plans:plan", "records:unmask", "ledger:write"}),
         scope_label="Community"),
    Role("grid_leader", "网格长", "grid leader", frozenset(_READ | {"ledger:write"}),
         scope_label="Grid"),
    Role("roster_importer", "名册导入员", "roster importer",
         frozenset({"rosters:import", "analyses:list", "stats:read"})),
    Role("dashboard", "数据大屏", "dashboard", frozenset({"analyses:list", "stats:read"})),
)  # fmt: skip
ROLES: dict[str, Role] = {role.name: role for role in _ROLES}


def role(name: str) -> Role:
    """The role called `name`; ValueError listing the roles there are."""
    try:
        return ROLES[name]
    except KeyError:
        raise ValueError(f"no role {name!r}; roles: {', '.join(ROLES)}") from None


def check_scope(role_name: str, scope: str | None) -> str | None:
    """`scope` if the role takes one of this kind (`Community:CM01` for a community secretary),
    else ValueError saying what the role needs."""
    wanted = role(role_name).scope_label
    if wanted is None:
        if scope:
            raise ValueError(f"a {role_name} sees the whole territory: give no scope")
        return None
    label, _, node_id = (scope or "").partition(":")
    if label != wanted or not node_id:
        raise ValueError(f"a {role_name} needs a scope like {wanted}:ID (the place it covers)")
    return scope
