// Interface strings in Chinese (default) and English; the choice is kept in localStorage.
const STORAGE_KEY = "quhua-explorer-lang";

const STRINGS = {
  zh: {
    title: "衢化街道“三联工程”网络", subtitle: "组织网络探索",
    search: "按名称搜索…", searching: "搜索中…", noResults: "没有找到",
    legend: "图例", overlays: "分析图层", filters: "筛选", types: "节点类型", community: "社区",
    allCommunities: "全部社区", dashboards: "仪表板", details: "详情",
    coverage: "楼道覆盖率", coverageNone: "无楼道或未载入", noData: "无数据",
    expandChildren: "展开下级", expandSubtree: "展开到楼道及联系党员", expandNeighbours: "展开邻域", whatIf: "移除后看哪里断联",
    collapse: "收起", properties: "属性", stored: "库中属性", degree: "各类关系数", links: "关系", inAnalyses: "出现在分析中",
    none: "无", copyLink: "复制链接", linkCopied: "链接已复制", exportPng: "导出 PNG",
    exportCsv: "导出 CSV", reset: "回到总览", loading: "加载中…", language: "English",
    clickHint: "单击节点看详情，双击展开下级；滚轮缩放，拖动平移。",
    overlayMarked: "已标记", overlayFailed: "加载失败",
    nodesOnScreen: "屏幕上的元素", faded: "其余节点变淡", otherPlaces: "其他地点（不分色）", pairingEdge: "结对连线（越粗活动越多）",
    overlayOff: "五色网格关闭时", error: "出错",
    chartCoverageCommunity: "各社区楼道覆盖率", chartCoverageGrid: "各网格楼道覆盖率",
    chartLoad: "联系党员负荷分布（每人联系楼道数）", chartPartnership: "共建活跃度",
    chartDemand: "需求流转（状态 → 模块 → 部门）", limit: "上限", people: "人数",
    stairwellsPerPerson: "每人联系楼道数", share: "覆盖率", goesDarkHouseholds: "断联住户",
    before: "调整前", after: "调整后", moves: "调整",
    Street: "街道", Community: "社区", Grid: "网格", Building: "楼栋", Stairwell: "楼道",
    Household: "住户", Person: "人员", Department: "部门", ServiceTeam: "服务团",
    PartyBranch: "党支部", Unit: "共建单位", Event: "活动", Demand: "需求", Checkpoint: "卡点",
    Other: "其他",
    red: "红", orange: "橙", yellow: "黄", blue: "蓝", green: "绿",
    service_team: "服务团", organ_branch: "机关支部", co_building_unit: "共建单位", events: "活动场次",
    status_open: "待处理", status_dispatched: "已派单", status_resolved: "已解决",
    notAssessed: "未研判", notDispatched: "未派单",
    f_id: "编号", f_kind: "类型", f_colour: "五色分类", f_grid_leaders: "网格负责人数",
    f_stairwells: "楼道数", f_covered_stairwells: "已联系楼道数", f_households: "住户数",
    f_covered_households: "已联系住户数", f_covered: "有联系党员", f_liaisons: "联系党员数",
    f_residents: "人口", f_app_activated: "已开通邻礼通", f_party_member: "党员",
    f_stairwells_held: "联系楼道数", f_grids: "网格数", f_partner_kind: "结对类型",
    f_depth: "距离", f_retired: "退休", f_gender: "性别", f_birth_year: "出生年份",
    f_level: "层级", f_founded: "成立年份", f_status: "状态", f_date: "日期",
    history: "历史与整改", tabTrend: "趋势", tabDiff: "变化", tabLedger: "整改台账",
    m_stairwell_coverage: "楼道覆盖率", m_household_coverage: "住户覆盖率", m_uncovered_stairwells: "未联系楼道",
    m_leaderless_grids: "缺少负责人的网格", m_wartime_gaps: "战时无人包干", m_overloaded_liaisons: "负担过重的党员",
    m_unpartnered_communities: "缺少共建伙伴的社区", m_single_points_of_failure: "单点失效党员",
    m_stairwells: "楼道数", m_covered_stairwells: "已联系楼道数", m_households: "户数", m_covered_households: "已联系户数",
    c_added: "新增", c_removed: "移除", c_reassigned: "调整",
    s_entities_added: "新增对象", s_entities_removed: "移除对象", s_links_added: "新增联系",
    s_links_removed: "移除联系", s_links_reassigned: "调整联系", noChange: "两次快照之间没有变化",
    st_open: "未结", st_new: "新发现", st_in_progress: "整改中", st_rectified: "已整改", st_ignored: "已忽略",
    open: "未结", overdue: "超期", closedThisMonth: "本月结案", rectificationRate: "整改率",
    medianDays: "结案天数中位数", noOwner: "未指定负责人", noSnapshots: "还没有快照：导入花名册后即有历史",
    diffOnGraph: "在图上显示变化", diffOffGraph: "关闭图上的变化",
  },
  en: {
    title: "Quhua Street “Three Links” network", subtitle: "Network explorer",
    search: "Search by name…", searching: "Searching…", noResults: "Nothing found",
    legend: "Legend", overlays: "Analysis overlays", filters: "Filters", types: "Node types",
    community: "Community", allCommunities: "All communities", dashboards: "Dashboards",
    details: "Details", coverage: "Stairwell coverage", coverageNone: "no stairwells, or not loaded",
    noData: "no data", expandChildren: "Open children",
    expandSubtree: "Open down to stairwells and liaisons", expandNeighbours: "Expand neighbourhood",
    whatIf: "Remove and see what goes dark", collapse: "Collapse", properties: "Properties",
    stored: "Stored properties", degree: "Relationships by type",
    links: "Links", inAnalyses: "Appears in analyses", none: "none", copyLink: "Copy link",
    linkCopied: "Link copied", exportPng: "Export PNG", exportCsv: "Export CSV",
    reset: "Back to overview", loading: "Loading…", language: "中文",
    clickHint: "Click a node for details, double-click to open its children; wheel to zoom, drag to pan.",
    overlayMarked: "marked",
    overlayFailed: "failed to load", nodesOnScreen: "Elements on screen", faded: "others faded",
    otherPlaces: "other places (not classed)", pairingEdge: "pairing (wider: more events)", overlayOff: "when five-colour is off", error: "Error",
    chartCoverageCommunity: "Stairwell coverage by community",
    chartCoverageGrid: "Stairwell coverage by grid",
    chartLoad: "Liaison load (stairwells per person)", chartPartnership: "Partnership activity",
    chartDemand: "Demand flow (status → module → department)", limit: "limit",
    people: "people", stairwellsPerPerson: "stairwells per person", share: "covered share", goesDarkHouseholds: "households go dark",
    before: "before", after: "after", moves: "moves",
    Street: "Street", Community: "Community", Grid: "Grid", Building: "Building",
    Stairwell: "Stairwell", Household: "Household", Person: "Person", Department: "Department",
    ServiceTeam: "Service team", PartyBranch: "Party branch", Unit: "Co-building unit",
    Event: "Event", Demand: "Demand", Checkpoint: "Checkpoint", Other: "Other",
    red: "red", orange: "orange", yellow: "yellow", blue: "blue", green: "green",
    service_team: "service team", organ_branch: "organ branch", co_building_unit: "co-building unit",
    events: "events", status_open: "open", status_dispatched: "dispatched",
    status_resolved: "resolved", notAssessed: "not assessed", notDispatched: "not dispatched",
    f_id: "id", f_kind: "kind", f_colour: "five-colour class", f_grid_leaders: "grid leaders",
    f_stairwells: "stairwells", f_covered_stairwells: "covered stairwells",
    f_households: "households", f_covered_households: "covered households",
    f_covered: "has a liaison", f_liaisons: "liaisons", f_residents: "residents",
    f_app_activated: "邻礼通 activated", f_party_member: "party member",
    f_stairwells_held: "stairwells held", f_grids: "grids", f_partner_kind: "partner kind",
    f_depth: "distance", f_retired: "retired", f_gender: "gender", f_birth_year: "birth year",
    f_level: "level", f_founded: "founded", f_status: "status", f_date: "date",
    history: "History and rectification", tabTrend: "Trend", tabDiff: "Changes", tabLedger: "Ledger",
    m_stairwell_coverage: "stairwell coverage", m_household_coverage: "household coverage",
    m_uncovered_stairwells: "uncovered stairwells", m_leaderless_grids: "leaderless grids",
    m_wartime_gaps: "wartime places with nobody", m_overloaded_liaisons: "overloaded liaisons",
    m_unpartnered_communities: "unpartnered communities", m_single_points_of_failure: "single points of failure",
    m_stairwells: "stairwells", m_covered_stairwells: "covered stairwells", m_households: "households",
    m_covered_households: "covered households",
    c_added: "added", c_removed: "removed", c_reassigned: "reassigned",
    s_entities_added: "added", s_entities_removed: "removed", s_links_added: "links added",
    s_links_removed: "links removed", s_links_reassigned: "reassigned", noChange: "no change between the two snapshots",
    st_open: "open", st_new: "new", st_in_progress: "in progress", st_rectified: "rectified", st_ignored: "ignored",
    open: "open", overdue: "overdue", closedThisMonth: "closed this month", rectificationRate: "rectified",
    medianDays: "median days to close", noOwner: "no owner", noSnapshots: "no snapshot yet: import a roster to start the history",
    diffOnGraph: "Show the changes on the graph", diffOffGraph: "Hide the changes on the graph",
  },
};

let lang = localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "zh";
const listeners = [];

/** The current language, "zh" or "en". */
export const currentLang = () => lang;

/** The string for `key` in the current language (the key itself when missing). */
export function t(key) {
  return STRINGS[lang][key] ?? STRINGS.zh[key] ?? key;
}

/** A field's name in the current language (the field itself when not in the dictionary). */
export function field(name) {
  const key = `f_${name}`;
  return key in STRINGS[lang] ? STRINGS[lang][key] : name;
}

/** Pick the current language from a {zh, en} object (API titles come this way). */
export function pick(texts) {
  if (texts == null) return "";
  if (typeof texts === "string") return texts;
  return texts[lang] ?? texts.zh ?? texts.en ?? "";
}

/** Switch language, remember it, relabel the static page and tell the listeners. */
export function setLang(next) {
  lang = next === "en" ? "en" : "zh";
  localStorage.setItem(STORAGE_KEY, lang);
  applyStatic();
  listeners.forEach((listener) => listener(lang));
}

export const onLangChange = (listener) => listeners.push(listener);

/** Fill every element marked data-i18n (text) or data-i18n-placeholder / -title. */
export function applyStatic(root = document) {
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  document.title = t("title");
  root.querySelectorAll("[data-i18n]").forEach((el) => (el.textContent = t(el.dataset.i18n)));
  root.querySelectorAll("[data-i18n-placeholder]").forEach(
    (el) => (el.placeholder = t(el.dataset.i18nPlaceholder)),
  );
  root.querySelectorAll("[data-i18n-title]").forEach((el) => (el.title = t(el.dataset.i18nTitle)));
}
