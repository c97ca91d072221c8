"""The data dictionary: every table of the roster, every label, relationship type and field.

One place says, for each thing in the graph, its English name, its Chinese name (中文) and the
Chinese column headers an office would write in a roster. The importer, the exporter, the
templates in `samples/templates/`, the docs (`docs/data-model.md`) and the API all read it, so a
field added here is a field everywhere.

A roster is a set of tables (one CSV file or one .xlsx sheet each):
- a **node table** holds one node per row (`id`, `name`, properties) and may carry *link*
  columns: the id of one other node the row points to (a building row names its grid). A link
  column makes one relationship per id; several ids separated by `;` make several (the place
  hierarchy then counts as ambiguous: the importer warns, and the analyses report it).
- a **relationship table** holds one relationship per row: source id, target id, properties.

Field types: `str`, `int`, `bool` (true/false, 1/0, 是/否, yes/no), `date` (YYYY-MM-DD),
`list` (values separated by `;`), `enum` (one of `choices`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

# Ages in the sample (e.g. "secretaries average 40") are counted at the source report's year.
REPORT_YEAR = 2020


@dataclass(frozen=True)
class Field:
    """One column of a table and the property it becomes."""

    name: str
    en: str
    zh: str
    type: str = "str"
    required: bool = False
    choices: tuple[str, ...] = ()
    sensitive: bool = False
    headers: tuple[str, ...] = ()  # further Chinese headers accepted, besides `zh`
    minimum: int | None = None
    maximum: int | None = None

    @property
    def accepted_headers(self) -> tuple[str, ...]:
        return (self.name, self.zh, *self.headers)


@dataclass(frozen=True)
class Link:
    """A column of a node table naming another node: (row node)-[type]->(target) per id.

    `reverse` turns the arrow round ((target)-[type]->(row node)); `label_column` names the
    column that says the target's label where several are allowed (`targets`).
    """

    column: str
    type: str
    targets: tuple[str, ...]
    en: str
    zh: str
    required: bool = True
    reverse: bool = False
    label_column: str | None = None
    hierarchy: bool = False  # PART_OF: a missing or double parent is a warning, not an error
    headers: tuple[str, ...] = ()

    @property
    def accepted_headers(self) -> tuple[str, ...]:
        return (self.column, self.zh, *self.headers)


@dataclass(frozen=True)
class NodeTable:
    """A table whose rows are nodes of one label."""

    table: str
    label: str
    en: str
    zh: str
    fields: tuple[Field, ...]
    links: tuple[Link, ...] = ()

    @cached_property  # read for every cell of an import: build the tuple once
    def all_fields(self) -> tuple[Field, ...]:
        base = (
            Field("id", "identifier", "编号", required=True, headers=("ID", "代码")),
            Field("name", "name", "名称", required=True, headers=("姓名",)),
        )
        return base + self.fields


@dataclass(frozen=True)
class Endpoint:
    """One end of a relationship table: the column holding the id, and the label(s) it names."""

    column: str
    targets: tuple[str, ...]
    zh: str
    label_column: str | None = None
    headers: tuple[str, ...] = ()

    @property
    def accepted_headers(self) -> tuple[str, ...]:
        return (self.column, self.zh, *self.headers)


@dataclass(frozen=True)
class RelTable:
    """A table whose rows are relationships of one type. `key` fields join source and target
    in what makes a row unique (e.g. a cadre can be grid head and party-group leader of one
    grid, but cannot liaise with one stairwell twice)."""

    table: str
    type: str
    en: str
    zh: str
    source: Endpoint
    target: Endpoint
    fields: tuple[Field, ...] = ()
    key: tuple[str, ...] = ()

    @cached_property  # read for every cell of an import: build the tuple once
    def all_fields(self) -> tuple[Field, ...]:
        return self.fields


def _f(name: str, en: str, zh: str, type: str = "str", **kw: object) -> Field:
    return Field(name, en, zh, type, **kw)  # type: ignore[arg-type]


COLOURS = ("red", "orange", "yellow", "blue", "green")
UNIT_KINDS = ("group", "enterprise", "bank", "hospital", "school", "power", "other")
EVENT_KINDS = ("team_service", "consultation", "branch_activity", "volunteer", "joint_meeting")
ORGANISERS = ("ServiceTeam", "PartyBranch", "Unit", "VolunteerTeam")


def _e(column: str, targets: tuple[str, ...] | str, zh: str, **kw: object) -> Endpoint:
    return Endpoint(column, (targets,) if isinstance(targets, str) else targets, zh, **kw)  # type: ignore[arg-type]


# One table per few lines reads as a table (E501 is off for this file in pyproject.toml).
# fmt: off
NODE_TABLES: tuple[NodeTable, ...] = (
    NodeTable("cities", "City", "city", "市",
              (),
    ),
    NodeTable("districts", "District", "district", "区",
              (),
              (Link("city_id", "PART_OF", ("City",), "city", "所属市", hierarchy=True),),
    ),
    NodeTable("streets", "Street", "street", "街道",
              (),
              (Link("district_id", "PART_OF", ("District",), "district", "所属区", hierarchy=True),),
    ),
    NodeTable("communities", "Community", "community", "社区",
              (),
              (Link("street_id", "PART_OF", ("Street",), "street", "所属街道", hierarchy=True),),
    ),
    NodeTable("grids", "Grid", "grid", "网格",
              (_f("kind", "kind", "网格类型", "enum", required=True, choices=("residential", "dedicated")), _f("colour", "five-colour class", "五色分类", "enum", choices=COLOURS)),
              (Link("community_id", "PART_OF", ("Community",), "community", "所属社区", hierarchy=True),),
    ),
    NodeTable("buildings", "Building", "building", "楼栋",
              (_f("address", "address", "地址", sensitive=True),),
              (Link("grid_id", "PART_OF", ("Grid",), "grid", "所属网格", hierarchy=True),),
    ),
    NodeTable("stairwells", "Stairwell", "stairwell", "楼道",
              (),
              (Link("building_id", "PART_OF", ("Building",), "building", "所属楼栋", hierarchy=True),),
    ),
    NodeTable("households", "Household", "household", "住户",
              (_f("residents", "residents", "户内人数", "int", minimum=0, maximum=50), _f("head_name", "head of household", "户主姓名", sensitive=True), _f("phone", "phone", "联系电话", sensitive=True, headers=("电话",)), _f("app_activated", "邻礼通 activated", "激活邻礼通", "bool")),
              (Link("stairwell_id", "PART_OF", ("Stairwell",), "stairwell", "所属楼道", hierarchy=True),),
    ),
    NodeTable("departments", "Department", "department", "部门",
              (_f("level", "level", "层级", "enum", required=True, choices=("city", "district")),),
    ),
    NodeTable("service_teams", "ServiceTeam", "service team", "服务团",
              (_f("kind", "kind", "服务团类型", "enum", required=True, choices=("community", "general")),),
    ),
    NodeTable("party_branches", "PartyBranch", "party branch", "党支部",
              (_f("kind", "kind", "支部类型", "enum", required=True, choices=("organ", "community", "grid", "compound")),),
              (Link("owner_id", "BRANCH_OF", ("Department", "Unit"), "owning organisation", "所属单位编号", required=False, label_column="owner_type"),),
    ),
    NodeTable("units", "Unit", "co-building unit", "共建单位",
              (_f("kind", "kind", "单位类型", "enum", required=True, choices=UNIT_KINDS), _f("aliases", "other names", "别名", "list")),
              (Link("parent_unit_id", "SUBSIDIARY_OF", ("Unit",), "parent unit", "上级单位编号", required=False),),
    ),
    NodeTable("joint_committees", "JointCommittee", "joint party committee", "联合党委",
              (),
    ),
    NodeTable("property_companies", "PropertyCompany", "property company", "物业公司",
              (),
    ),
    NodeTable("volunteer_teams", "VolunteerTeam", "volunteer team", "志愿团队",
              (_f("founded", "year founded", "成立年份", "int", minimum=1900, maximum=2030),),
    ),
    NodeTable("modules", "Module", "street module", "模块",
              (_f("leads", "leads the others", "统领", "bool"),),
    ),
    NodeTable("posts", "Post", "post", "岗位",
              (),
              (Link("module_id", "IN_MODULE", ("Module",), "module", "所属模块"),),
    ),
    NodeTable("people", "Person", "person", "人员",
              (_f("phone", "phone", "联系电话", sensitive=True, headers=("电话",)), _f("gender", "gender", "性别", "enum", choices=("female", "male")), _f("birth_year", "year of birth", "出生年份", "int", minimum=1900, maximum=2030), _f("education", "education", "学历", "enum", choices=("primary", "secondary", "college", "university", "postgraduate")), _f("party_member", "party member", "党员", "bool"), _f("retired", "retired", "退休", "bool")),
    ),
    NodeTable("events", "Event", "event", "活动",
              (_f("kind", "kind", "活动类型", "enum", required=True, choices=EVENT_KINDS), _f("date", "date", "日期", "date", required=True), _f("problems_solved", "problems solved", "解决问题数", "int", minimum=0)),
              (Link("community_id", "HELD_IN", ("Community",), "community", "活动社区", required=False), Link("organiser_id", "ORGANISED_BY", ORGANISERS, "organiser", "组织方编号", required=False, label_column="organiser_type")),
    ),
    NodeTable("demands", "Demand", "demand", "需求",
              (_f("status", "status", "状态", "enum", required=True, choices=("open", "dispatched", "resolved")), _f("raised_on", "raised on", "提出日期", "date", required=True), _f("resolved_on", "resolved on", "解决日期", "date")),
              (Link("community_id", "RAISED", ("Community",), "raised by community", "提出社区", reverse=True), Link("module_id", "ASSESSED_BY", ("Module",), "assessed by module", "研判模块", required=False)),
    ),
    NodeTable("checkpoints", "Checkpoint", "checkpoint", "卡点",
              (),
              (Link("community_id", "LOCATED_IN", ("Community",), "community", "所在社区"), Link("service_team_id", "RUN_BY", ("ServiceTeam",), "general service team", "设卡服务团", required=False)),
    ),
)

PERSON = _e("person_id", "Person", "人员编号")
REL_TABLES: tuple[RelTable, ...] = (
    RelTable("team_departments", "IN_TEAM", "department in service team", "部门入组团",
             _e("department_id", "Department", "部门编号"), _e("service_team_id", "ServiceTeam", "服务团编号")
    ),
    RelTable("team_communities", "SERVES", "service team serves community", "组团联社",
             _e("service_team_id", "ServiceTeam", "服务团编号"), _e("community_id", "Community", "社区编号")
    ),
    RelTable("community_leaders", "LEADS_COMMUNITY", "community leadership member", "社区班子成员",
             PERSON, _e("community_id", "Community", "社区编号"),
             (_f("role", "role", "职务", "enum", required=True, choices=("secretary", "committee_member")),)
    ),
    RelTable("grid_leaders", "LEADS_GRID", "cadre links grid", "部门联格",
             PERSON, _e("grid_id", "Grid", "网格编号"),
             (_f("role", "role", "联格角色", "enum", required=True, choices=("grid_head", "party_group_leader")),),
             key=("role",)
    ),
    RelTable("stairwell_liaisons", "LIAISES_WITH", "member links stairwell", "党员联户",
             PERSON, _e("stairwell_id", "Stairwell", "楼道编号"),
             (_f("role", "role", "联户角色", "enum", required=True, choices=("red_steward", "stairwell_head")), _f("since", "since", "联系起始日期", "date"))
    ),
    RelTable("department_staff", "WORKS_IN", "works in department", "所在部门",
             PERSON, _e("department_id", "Department", "部门编号")
    ),
    RelTable("branch_members", "MEMBER_OF", "member of party branch", "所在支部",
             PERSON, _e("branch_id", "PartyBranch", "支部编号")
    ),
    RelTable("branch_pairings", "PAIRED_WITH", "organ branch paired with community", "机关支部结对社区",
             _e("branch_id", "PartyBranch", "支部编号"), _e("community_id", "Community", "社区编号")
    ),
    RelTable("committee_units", "MEMBER_OF", "unit in joint committee", "联合党委成员单位",
             _e("unit_id", "Unit", "单位编号"), _e("committee_id", "JointCommittee", "联合党委编号")
    ),
    RelTable("committee_members", "SITS_ON", "part-time committee member", "兼职委员",
             PERSON, _e("committee_id", "JointCommittee", "联合党委编号")
    ),
    RelTable("co_building", "CO_BUILDS", "contract co-building", "契约化共建",
             _e("unit_id", "Unit", "单位编号"), _e("community_id", "Community", "社区编号"),
             (_f("since", "since", "共建起始日期", "date"),)
    ),
    RelTable("unit_households", "PAIRED_WITH", "unit paired with household", "结对住户",
             _e("unit_id", "Unit", "单位编号"), _e("household_id", "Household", "住户编号")
    ),
    RelTable("property_services", "MANAGES", "property service", "物业服务",
             _e("company_id", "PropertyCompany", "物业公司编号"), _e("community_id", "Community", "社区编号")
    ),
    RelTable("volunteers", "VOLUNTEERS_IN", "volunteer in team", "志愿者",
             PERSON, _e("team_id", "VolunteerTeam", "志愿团队编号")
    ),
    RelTable("post_holders", "HOLDS_POST", "holds module post", "在岗",
             PERSON, _e("post_id", "Post", "岗位编号")
    ),
    RelTable("attendances", "ATTENDED", "attended event", "参加活动",
             PERSON, _e("event_id", "Event", "活动编号")
    ),
    RelTable("dispatches", "DISPATCHED_TO", "demand dispatched to department", "点将清单",
             _e("demand_id", "Demand", "需求编号"), _e("department_id", "Department", "部门编号")
    ),
    RelTable("wartime_assignments", "ASSIGNED_TO", "wartime assignment", "战时包干",
             PERSON, _e("target_id", ("Building", "Checkpoint"), "包干对象编号", label_column="target_type")
    ),
    RelTable("building_heads", "BUILDING_HEAD_OF", "building head", "楼栋长",
             PERSON, _e("building_id", "Building", "楼栋编号")
    ),
    RelTable("residents", "LIVES_IN", "person lives in household", "住户成员",
             PERSON, _e("household_id", "Household", "住户编号")
    ),
)
# fmt: on

TABLES: dict[str, NodeTable | RelTable] = {
    **{t.table: t for t in NODE_TABLES},
    **{t.table: t for t in REL_TABLES},
}
NODE_TABLE_OF_LABEL: dict[str, NodeTable] = {t.label: t for t in NODE_TABLES}
LABELS: tuple[str, ...] = tuple(t.label for t in NODE_TABLES)
ROLE_LABELS: dict[str, str] = {
    "Liaison": "LIAISES_WITH",
    "GridLeader": "LEADS_GRID",
    "Cadre": "WORKS_IN",
    "Volunteer": "VOLUNTEERS_IN",
}
# Derived properties the service keeps on nodes (graph_service/db/derived.py): never roster
# columns, so reading the graph as tables (export, the import's diff) leaves them out.
DERIVED_PROPERTIES: dict[str, frozenset[str]] = {
    "Stairwell": frozenset({"covered", "household_count"}),  # 已联系; households PART_OF it
    # a liaison member's stairwells, households and home community (联户负荷)
    "Person": frozenset({"liaison_stairwells", "liaison_households", "liaison_community_id"}),
}
# Personal information (PIPL): the fields marked sensitive in any table. The entity endpoints
# never return these properties; exports mask them.
SENSITIVE_PROPERTIES: frozenset[str] = frozenset(
    f.name for t in NODE_TABLES for f in t.all_fields if f.sensitive
)
REL_TYPES: tuple[str, ...] = tuple(
    sorted({t.type for t in REL_TABLES} | {link.type for t in NODE_TABLES for link in t.links})
)

# The label's Chinese name, for the UI and the explorer (role labels included).
LABEL_ZH: dict[str, str] = {
    **{t.label: t.zh for t in NODE_TABLES},
    "Liaison": "联户党员",
    "GridLeader": "联格干部",
    "Cadre": "部门干部",
    "Volunteer": "志愿者",
}
REL_ZH: dict[str, str] = {
    "PART_OF": "隶属",
    **{t.type: t.zh for t in REL_TABLES if t.type != "MEMBER_OF"},
    "MEMBER_OF": "成员",
    **{link.type: link.zh for t in NODE_TABLES for link in t.links if link.type != "PART_OF"},
}


def table_columns(table: NodeTable | RelTable) -> list[str]:
    """The English column headers of a table, in file order."""
    if isinstance(table, NodeTable):
        columns = [f.name for f in table.all_fields]
        for link in table.links:
            if link.label_column:
                columns.append(link.label_column)
            columns.append(link.column)
        return columns
    columns = []
    for end in (table.source, table.target):
        if end.label_column:
            columns.append(end.label_column)
        columns.append(end.column)
    return columns + [f.name for f in table.fields]


def chinese_header(table: NodeTable | RelTable, column: str) -> str:
    """The Chinese header an office writes for a column (the first accepted one)."""
    for f in table.all_fields:
        if f.name == column:
            return f.zh
    ends = table.links if isinstance(table, NodeTable) else (table.source, table.target)
    for end in ends:
        if end.column == column:
            return end.zh
        if end.label_column == column:
            return end.zh.replace("编号", "类型")
    raise KeyError(column)


def sensitive_columns(table: NodeTable | RelTable) -> set[str]:
    """Columns holding personal information (PIPL): masked in exports unless asked for."""
    names = {f.name for f in table.all_fields if f.sensitive}
    if isinstance(table, NodeTable) and table.label in ("Person", "Household"):
        names.add("name")  # a person's name; a household's name is its room address
    return names


def header_map(table: NodeTable | RelTable) -> dict[str, str]:
    """Every accepted header (English or Chinese, case-insensitive for English) -> column."""
    mapping: dict[str, str] = {}

    def add(column: str, headers: tuple[str, ...]) -> None:
        for header in headers:
            mapping[header.strip().lower()] = column

    for f in table.all_fields:
        add(f.name, f.accepted_headers)
    if isinstance(table, NodeTable):
        for link in table.links:
            add(link.column, link.accepted_headers)
            if link.label_column:
                add(link.label_column, (link.label_column, link.zh.replace("编号", "类型")))
    else:
        for end in (table.source, table.target):
            add(end.column, end.accepted_headers)
            if end.label_column:
                add(end.label_column, (end.label_column, end.zh.replace("编号", "类型")))
    return mapping


def table_by_name(name: str) -> NodeTable | RelTable | None:
    """A table by its English name or its Chinese name (file or sheet names may be either)."""
    key = name.strip().lower()
    if key in TABLES:
        return TABLES[key]
    for table in TABLES.values():
        if table.zh == name.strip():
            return table
    return None


# Chinese spellings an office writes for enum values (accepted on import; export writes English).
CHOICE_ZH: dict[str, str] = {
    "residential": "居住网格",
    "dedicated": "专属网格",
    "red": "红",
    "orange": "橙",
    "yellow": "黄",
    "blue": "蓝",
    "green": "绿",
    "city": "市级",
    "district": "区级",
    "community": "社区",
    "general": "服务总团",
    "organ": "机关",
    "grid": "网格",
    "compound": "小区",
    "group": "集团",
    "enterprise": "企业",
    "bank": "银行",
    "hospital": "医院",
    "school": "学校",
    "power": "供电",
    "other": "其他",
    "female": "女",
    "male": "男",
    "primary": "小学",
    "secondary": "中学",
    "college": "大专",
    "university": "本科",
    "postgraduate": "研究生",
    "team_service": "组团服务",
    "consultation": "民情沟通",
    "branch_activity": "支部活动",
    "volunteer": "志愿服务",
    "joint_meeting": "联席会议",
    "open": "待办",
    "dispatched": "已派单",
    "resolved": "已解决",
    "secretary": "书记",
    "committee_member": "委员",
    "grid_head": "网格长",
    "party_group_leader": "网格党小组组长",
    "red_steward": "红管家",
    "stairwell_head": "楼道长",
}
