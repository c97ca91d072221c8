// Overlays switch on analyses from /api/v1/analyses and mark what they find. Each overlay says
// which analysis it runs, which label its rows name, and the colour it marks them with; the
// legend is built from the same definitions, so a colour on screen always has its meaning there.
import { analysesApi, ApiMissing, graphApi, splitKey } from "./api.js";
import { PLACE_LABELS } from "./graph-view.js";

export const FIVE_COLOURS = {
  red: "#d7301f", orange: "#f08c2e", yellow: "#e8c930", blue: "#3a7bd5", green: "#2e9e57",
};

/**
 * kind "marks": rows of the analysis name nodes (`node_key`, or `<label>_id`), marked in `colour`,
 *   everything else fades. kind "colouring": recolours grids by their five-colour class.
 * `analyses` lists accepted analysis names (first one the server offers is used).
 */
export const OVERLAYS = [
  {
    id: "uncovered", kind: "marks", label: "Stairwell", colour: "#d7301f",
    analyses: ["uncovered-stairwells"],
    title: { zh: "未覆盖楼道", en: "Uncovered stairwells" },
    meaning: { zh: "没有联系党员的楼道", en: "stairwell nobody liaises with" },
  },
  {
    id: "leaderless", kind: "marks", label: "Grid", colour: "#8e2bd1",
    analyses: ["leaderless-grids"],
    title: { zh: "无网格长的网格", en: "Leaderless grids" },
    meaning: { zh: "没有网格长或党小组组长", en: "no grid head or party-group leader" },
  },
  {
    id: "overloaded", kind: "marks", label: "Person", colour: "#e8590c",
    analyses: ["overloaded-liaisons"],
    title: { zh: "负荷过重的联系人", en: "Overloaded liaisons" },
    meaning: { zh: "联系楼道数超过上限的人", en: "person over the stairwell limit" },
    top: { count: 10, action: "reveal", caption: { zh: "最重的（楼道/住户）", en: "heaviest (stairwells/households)" }, text: (row) => `${row.name} · ${row.stairwells}/${row.households}` },
  },
  {
    id: "partnerships", kind: "marks", label: "Community", colour: "#2f9a9a",
    analyses: ["partnerships"],
    title: { zh: "共建结对与活跃度", en: "Partnerships and activity" },
    meaning: { zh: "有结对的社区", en: "community with partners" },
    // Partners come onto the screen with their pairing as an edge whose width is the activity.
    categories: {
      service_team: { colour: "#7b4fc9", meaning: { zh: "服务团（组团联社）", en: "service team" } },
      organ_branch: { colour: "#d04f8f", meaning: { zh: "机关支部（结对）", en: "organ branch" } },
      co_building_unit: { colour: "#c08a2b", meaning: { zh: "共建单位", en: "co-building unit" } },
    },
    rowMarks: (row) => [[row.community_key, null], [row.partner_key, row.partner_kind]],
    toSlice: partnershipSlice,
  },
  {
    id: "wartime", kind: "marks", label: ["Building", "Checkpoint"], colour: "#b8002e",
    analyses: ["wartime-coverage"],
    title: { zh: "战时无人包干", en: "Wartime gaps" },
    meaning: { zh: "战时没有包干人员的楼栋或卡点", en: "building or checkpoint with no named person" },
  },
  {
    id: "spof", kind: "marks", label: ["Person", "Department"], colour: "#6a1b9a",
    analyses: ["single-points-of-failure"],
    title: { zh: "单点失效", en: "Single points of failure" },
    meaning: { zh: "失去此人就有楼道断联", en: "person whose loss leaves stairwells uncovered" },
    categories: {
      Department: { colour: "#37474f", meaning: { zh: "失去该部门就有楼道断联", en: "department whose loss leaves stairwells uncovered" } },
    },
    rowMarks: (row) => [[row.node_key, row.label === "Department" ? "Department" : null]],
    // The worst first: choosing one removes it (what-if) and shows which stairwells go dark.
    top: { count: 10, action: "whatIf", caption: { zh: "最严重的（断联楼道/住户），点击看断联", en: "worst (stairwells/households going dark): click to see" }, text: (row) => `${row.name} · ${row.uncovered_stairwells}/${row.uncovered_households}` },
  },
  {
    id: "unpartnered", kind: "marks", label: "Community", colour: "#c2185b",
    analyses: ["unpartnered-communities"],
    title: { zh: "缺少结对的社区", en: "Communities missing a partner" },
    meaning: { zh: "缺服务团、机关支部或共建单位", en: "no service team, organ branch or co-building unit" },
  },
  {
    id: "brokenchains", kind: "marks", label: "Stairwell", colour: "#ff6f00",
    analyses: ["broken-chains"],
    title: { zh: "隶属链断裂", en: "Broken chains" },
    meaning: { zh: "隶属关系有误的地点", en: "place with a broken PART_OF chain" },
    categories: {
      missing_parent: { colour: "#ff6f00", meaning: { zh: "缺少上级", en: "no parent" } },
      wrong_parent: { colour: "#f9a825", meaning: { zh: "上级类型不对", en: "parent of the wrong kind" } },
      several_parents: { colour: "#6d4c41", meaning: { zh: "有多个上级", en: "several parents" } },
    },
    rowMarks: (row) => [[row.node_key, row.problem]],
  },
  {
    id: "brokers", kind: "marks", label: ["Person", "Department", "ServiceTeam", "PartyBranch", "Unit"], colour: "#00838f",
    analyses: ["brokers"],
    title: { zh: "关键中间人", en: "Brokers" },
    meaning: { zh: "连接各方的关键人（中介中心性）", en: "broker by betweenness" },
    rowMarks: (row) => [[row.node_key, null]],
    top: { count: 10, action: "reveal", caption: { zh: "排名（中介中心性）", en: "ranked by betweenness" }, text: (row) => `${row.name} · ${row.communities_reached}` },
  },
  {
    id: "fivecolour", kind: "colouring",
    title: { zh: "五色网格", en: "Five-colour grids" },
    meaning: { zh: "网格问题难度分类", en: "grid class by problem difficulty" },
  },
];

export const WHAT_IF = {
  removed: "#111111", dark: "#5c0a0a",
  title: { zh: "单点失效", en: "Single points of failure" },
};
export const REBALANCE = { moved: "#1f78b4", title: { zh: "负荷调整方案", en: "Rebalancing plan" } };

export const overlayById = (id) => OVERLAYS.find((overlay) => overlay.id === id);

const PAIRING = { service_team: "SERVES", organ_branch: "PAIRED_WITH", co_building_unit: "CO_BUILDS" };

/** The partnerships analysis as a graph slice: partners, and pairings weighted by activity. */
function partnershipSlice(rows) {
  const nodes = new Map();
  const edges = [];
  for (const row of rows) {
    const [label, id] = splitKey(row.partner_key);
    nodes.set(row.partner_key, { key: row.partner_key, attributes: { label, id, name: row.partner, partner_kind: row.partner_kind } });
    const type = PAIRING[row.partner_kind] ?? "PARTNERS";
    edges.push({
      key: `${row.partner_key}-${type}->${row.community_key}`,
      source: row.partner_key,
      target: row.community_key,
      attributes: { type, events: row.events, attendances: row.attendances, volunteer_person_times: row.volunteer_person_times },
    });
  }
  return { nodes: [...nodes.values()], edges };
}

/** The colour of a mark: its category's, else the overlay's own. */
export const markColour = (overlay, category) => overlay.categories?.[category]?.colour ?? overlay.colour;

// Marked nodes that are not places come with their neighbourhood, one request each: at most these.
const MAX_REVEALED = 30;
let offered = null; // names of the analyses the server offers, or null if the list is missing

/** Ask the server which analyses it offers (once). */
export async function loadCatalogue() {
  try {
    const body = await analysesApi.list();
    offered = new Map(body.analyses.map((analysis) => [analysis.name, analysis]));
  } catch (error) {
    offered = new Map();
    if (!(error instanceof ApiMissing)) console.warn("analyses list:", error.message);
  }
  return offered;
}

/** The analysis an overlay runs on this server, or null when none of its names is offered. */
export function analysisFor(overlay) {
  if (overlay.kind !== "marks") return null;
  return overlay.analyses.find((name) => offered?.has(name)) ?? null;
}

/** The node key a row names for the overlay's label(s): `node_key`, else `<label>_id`. */
export function rowKey(row, labels) {
  for (const label of [labels].flat()) {
    if (typeof row.node_key === "string" && row.node_key.startsWith(`${label}:`)) return row.node_key;
    const id = row[`${label.toLowerCase()}_id`];
    if (id != null) return `${label}:${id}`;
  }
  return null;
}

/**
 * Run an overlay's analysis and bring what it marks onto the screen: places with their chain up
 * to the community, other nodes with their neighbourhood (when that API exists).
 * Returns {analysis, rows, columns, total, marks: Map(key -> category)}.
 */
export async function loadOverlay(overlay, graphView) {
  const analysis = analysisFor(overlay);
  if (!analysis) throw new ApiMissing(overlay.analyses[0]);
  const body = await analysesApi.run(analysis);
  const marks = new Map(); // node key -> category (null: the overlay's own colour)
  for (const row of body.rows) {
    const pairs = overlay.rowMarks ? overlay.rowMarks(row) : [[rowKey(row, overlay.label), null]];
    for (const [key, category] of pairs) if (key && !marks.has(key)) marks.set(key, category);
  }
  if (overlay.toSlice) graphView.merge(overlay.toSlice(body.rows));
  const missing = [...marks.keys()].filter((key) => !graphView.graph.hasNode(key));
  const places = missing.filter((key) => PLACE_LABELS.includes(splitKey(key)[0]) && !key.startsWith("Street:"));
  if (places.length) graphView.merge(await graphApi.chains(places));
  // Rows come worst first, so the first few non-places are the ones worth bringing in.
  const others = missing.filter((key) => !places.includes(key)).slice(0, MAX_REVEALED);
  for (let i = 0; i < others.length; i += 5) {
    const slices = await Promise.allSettled(others.slice(i, i + 5).map((key) => analysesApi.neighbourhood(key, 1)));
    for (const slice of slices) if (slice.status === "fulfilled") graphView.merge(slice.value);
  }
  return { analysis, rows: body.rows, columns: body.columns, total: body.total ?? body.rows.length, marks };
}
