// The overlay table: every way the page marks or recolours the graph is one entry here, and the
// overlay list, the legend, the details panel and the export read these entries alike.
//
// An entry has an `id`, a `title` and a `meaning` ({zh, en}) and one of three kinds:
// - "analysis": marks the nodes a named analysis returns (`fetch`, `marksOf`); switched on and
//   off in the list (the view's `overlays`), its result is kept for the life of the page.
// - "action": marks what a computation on demand returns (what-if, the rebalancing plan); it is
//   computed afresh each time it is switched on, marks before the analyses do (in the table's
//   order), lists every one of its categories in the legend, and is switched off again (saying
//   why) if it fails.
// - "colouring": recolours nodes from their own facts (`style`, `legendRows`); loads nothing.
// Marks are [node key, category] pairs: a category's colour and meaning, else the entry's own.
import { analysesApi, historyApi } from "./api.js";
import { t } from "./i18n.js";
import { PLACE_LABELS, splitKey } from "./node-kinds.js";
import { COLOURS, FIVE_COLOURS, MARKS, PARTNER_KINDS } from "./palette.js";
import { excluding, including } from "./state.js";
import { diffPicture } from "./diff-picture.js";

// A diff's picture is worked out once per answer (toSlice, marks and counts all read it).
const pictures = new WeakMap();
const pictureOf = (body) => {
  if (!pictures.has(body)) pictures.set(body, diffPicture(body));
  return pictures.get(body);
};

/** The node key a row names for the overlay's label(s): `node_key`, else `<label>_id`. */
export function rowKey(row, labels) {
  for (const label of [labels].flat()) {
    if (typeof row.node_key === "string" && row.node_key.startsWith(`${label}:`)) return row.node_key;
    const id = row[`${label.toLowerCase()}_id`];
    if (id != null) return `${label}:${id}`;
  }
  return null;
}

/** An overlay of the analysis `analysis`, whose rows name nodes of `label` (or say `rowMarks`). */
function analysis({ analysis: name, label, rowMarks = (row) => [[rowKey(row, label), null]], ...entry }) {
  const keyOf = entry.rowKey ?? ((row) => rowMarks(row)[0]?.[0] ?? null);
  return {
    kind: "analysis",
    analysis: name,
    // The analysis's own columns, keys left out (they are what a click on the row shows).
    table: (body) => ({
      columns: body.columns.filter((column) => !/_keys?$/.test(column)),
      rows: body.rows.map((row) => ({ ...row, _key: keyOf(row) })),
    }),
    isOn: (view) => view.overlays.has(entry.id),
    switch: (view, on) => ({ overlays: on ? including(view.overlays, entry.id) : excluding(view.overlays, entry.id) }),
    params: () => "",
    fetch: () => analysesApi.run(name),
    marksOf: (body) => body.rows.flatMap(rowMarks),
    ...entry,
  };
}

const PAIRING = { service_team: "SERVES", organ_branch: "PAIRED_WITH", co_building_unit: "CO_BUILDS" };

/** The partnerships analysis as a graph slice: partners, and pairings weighted by activity. */
function partnershipSlice(body) {
  const nodes = new Map();
  const edges = [];
  for (const row of body.rows) {
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

/**
 * Optional fields: `categories` {name: {colour, meaning}}; `toSlice(body)`, a slice to merge
 * before the marks are brought in; `bringIn: "places"` to bring in marked places only (else
 * other marked nodes come with their neighbourhood too), `"slice"` for the slice alone;
 * `edgeMarksOf(body)`: [edgePair(source, target), category] pairs for edges to mark;
 * `counts(body)`: {category: n} for the legend, when it is not the number of marked nodes; `listed: false` for no row in the list;
 * `top` {count, caption, text(row), removes}: the first rows listed under the overlay's row,
 * each a click to show it (and, with `removes`, to remove it in a what-if); `revealed`: with
 * `bringIn: "places"`, the other labels still brought in with their neighbourhood.
 * Every entry but a colouring has `table(body, nameOf)`: {columns, rows} for the findings table,
 * each row with `_key`, the node a click on it shows (analyses: their own columns); `nameOf(key)`
 * is the name of a node on screen, else null (see findings.js).
 */
export const OVERLAYS = [
  analysis({
    id: "uncovered", label: "Stairwell", colour: MARKS.uncovered,
    analysis: "uncovered-stairwells",
    title: { zh: "未覆盖楼道", en: "Uncovered stairwells" },
    meaning: { zh: "没有联系党员的楼道", en: "stairwell nobody liaises with" },
  }),
  analysis({
    id: "leaderless", label: "Grid", colour: MARKS.leaderless,
    analysis: "leaderless-grids",
    title: { zh: "无网格长的网格", en: "Leaderless grids" },
    meaning: { zh: "没有网格长或党小组组长", en: "no grid head or party-group leader" },
  }),
  analysis({
    id: "grid-leaders", label: "Grid", colour: MARKS.gridLeaders,
    analysis: "grid-leaders",
    title: { zh: "网格负责人", en: "Grid leaders" },
    meaning: { zh: "每个网格的网格长和党小组组长", en: "each grid's grid head and party-group leader" },
  }),
  analysis({
    id: "overloaded", label: "Person", colour: MARKS.overloaded,
    analysis: "overloaded-liaisons",
    title: { zh: "负荷过重的联系人", en: "Overloaded liaisons" },
    meaning: { zh: "联系楼道数超过上限的人", en: "person over the stairwell limit" },
    top: { count: 10, caption: { zh: "最重的（楼道/住户）", en: "heaviest (stairwells/households)" }, text: (row) => `${row.name} · ${row.stairwells}/${row.households}` },
  }),
  analysis({
    id: "partnerships", label: "Community", colour: MARKS.partnered,
    analysis: "partnerships",
    title: { zh: "共建结对与活跃度", en: "Partnerships and activity" },
    meaning: { zh: "有结对的社区", en: "community with partners" },
    // Partners come onto the screen with their pairing as an edge whose width is the activity.
    categories: {
      service_team: { colour: PARTNER_KINDS.service_team, meaning: { zh: "服务团（组团联社）", en: "service team" } },
      organ_branch: { colour: PARTNER_KINDS.organ_branch, meaning: { zh: "机关支部（结对）", en: "organ branch" } },
      co_building_unit: { colour: PARTNER_KINDS.co_building_unit, meaning: { zh: "共建单位", en: "co-building unit" } },
    },
    rowMarks: (row) => [[row.community_key, null], [row.partner_key, row.partner_kind]],
    toSlice: partnershipSlice,
  }),
  analysis({
    id: "wartime", label: ["Building", "Checkpoint"], colour: MARKS.wartimeGap,
    analysis: "wartime-coverage",
    title: { zh: "战时无人包干", en: "Wartime gaps" },
    meaning: { zh: "战时没有包干人员的楼栋或卡点", en: "building or checkpoint with no named person" },
  }),
  analysis({
    id: "spof", colour: MARKS.singlePoint,
    analysis: "single-points-of-failure",
    title: { zh: "单点失效", en: "Single points of failure" },
    meaning: { zh: "失去此人就有楼道断联", en: "person whose loss leaves stairwells uncovered" },
    categories: {
      Department: { colour: MARKS.singlePointDepartment, meaning: { zh: "失去该部门就有楼道断联", en: "department whose loss leaves stairwells uncovered" } },
    },
    rowMarks: (row) => [[row.node_key, row.label === "Department" ? "Department" : null]],
    // The worst first: choosing one removes it (what-if) and shows which stairwells go dark.
    top: { count: 10, removes: true, caption: { zh: "最严重的（断联楼道/住户），点击看断联", en: "worst (stairwells/households going dark): click to see" }, text: (row) => `${row.name} · ${row.uncovered_stairwells}/${row.uncovered_households}` },
  }),
  analysis({
    id: "unpartnered", label: "Community", colour: MARKS.unpartnered,
    analysis: "unpartnered-communities",
    title: { zh: "缺少结对的社区", en: "Communities missing a partner" },
    meaning: { zh: "缺服务团、机关支部或共建单位", en: "no service team, organ branch or co-building unit" },
  }),
  analysis({
    id: "brokenchains", colour: MARKS.missingParent,
    analysis: "broken-chains",
    title: { zh: "隶属链断裂", en: "Broken chains" },
    meaning: { zh: "隶属关系有误的地点", en: "place with a broken PART_OF chain" },
    categories: {
      missing_parent: { colour: MARKS.missingParent, meaning: { zh: "缺少上级", en: "no parent" } },
      wrong_parent: { colour: MARKS.wrongParent, meaning: { zh: "上级类型不对", en: "parent of the wrong kind" } },
      several_parents: { colour: MARKS.severalParents, meaning: { zh: "有多个上级", en: "several parents" } },
    },
    rowMarks: (row) => [[row.node_key, row.problem]],
  }),
  analysis({
    id: "brokers", colour: MARKS.broker,
    analysis: "brokers",
    title: { zh: "关键中间人", en: "Brokers" },
    meaning: { zh: "连接各方的关键人（中介中心性）", en: "broker by betweenness" },
    rowMarks: (row) => [[row.node_key, null]],
    top: { count: 10, caption: { zh: "排名（中介中心性）", en: "ranked by betweenness" }, text: (row) => `${row.name} · ${row.communities_reached}` },
  }),
  analysis({
    id: "cadres", colour: MARKS.overloadedCadre,
    analysis: "overloaded-cadres",
    title: { zh: "负荷过重的干部和部门", en: "Overloaded cadres and departments" },
    meaning: { zh: "联系网格或社区超过上限", en: "holds more grids or communities than the limit" },
    rowMarks: (row) => [[row.node_key, null]],
  }),
  analysis({
    id: "suggestions", colour: MARKS.suggestion,
    analysis: "pairing-suggestions",
    title: { zh: "建议新增结对", en: "Suggested pairings" },
    meaning: { zh: "缺少结对的社区和建议的单位", en: "community missing a partner, and the suggested partners" },
    rowMarks: (row) => [[row.node_key, null], [row.candidate_key, row.missing]],
    categories: {
      service_team: { colour: PARTNER_KINDS.service_team, meaning: { zh: "建议的部门（服务团）", en: "suggested department (service team)" } },
      organ_branch: { colour: PARTNER_KINDS.organ_branch, meaning: { zh: "建议的机关支部", en: "suggested organ branch" } },
      co_building_unit: { colour: PARTNER_KINDS.co_building_unit, meaning: { zh: "建议的共建单位", en: "suggested co-building unit" } },
    },
  }),
  analysis({
    id: "dependence", colour: MARKS.dependence,
    analysis: "wartime-dependence",
    title: { zh: "战时单一部门依赖", en: "Wartime dependence on one department" },
    meaning: { zh: "召回即有楼栋或卡点无人的部门", en: "department whose recall leaves places with no one" },
    rowMarks: (row) => [[row.node_key, null], ...(row.place_keys ?? []).map((key) => [key, "place"])],
    categories: {
      place: { colour: MARKS.dependentPlace, meaning: { zh: "只由一个部门包干的楼栋或卡点", en: "building or checkpoint held by one department only" } },
    },
  }),
  analysis({
    id: "overlap", colour: MARKS.overlap,
    analysis: "partner-overlap",
    title: { zh: "结对重叠", en: "Partner overlap" },
    meaning: { zh: "服务相同社区的结对单位", en: "partners serving the same communities" },
    rowMarks: (row) => [[row.partner_a_key, null], [row.partner_b_key, null]],
  }),
  analysis({
    id: "clusters", colour: MARKS.cluster,
    analysis: "collaboration-clusters",
    title: { zh: "实际协作群", en: "Collaboration clusters" },
    meaning: { zh: "一起参加活动的人群", en: "people who attend events together" },
    rowMarks: (row) => (row.member_keys ?? []).map((key) => [key, null]),
    rowKey: (row) => row.member_keys?.[0] ?? null,
  }),
  analysis({
    id: "rollup", colour: MARKS.rollup,
    analysis: "coverage-rollup",
    title: { zh: "覆盖率汇总", en: "Coverage roll-up" },
    meaning: { zh: "各级地点的楼道覆盖率", en: "stairwell coverage of each place" },
    rowMarks: (row) => [[row.node_key ?? null, null]],
  }),
  analysis({
    id: "load", colour: MARKS.load,
    analysis: "liaison-load",
    title: { zh: "联系负荷", en: "Liaison load" },
    meaning: { zh: "每位联系党员的楼道和住户数", en: "stairwells and households per liaison" },
    rowMarks: (row) => [[row.node_key ?? null, null]],
  }),
  analysis({
    id: "demands", colour: MARKS.demand,
    analysis: "demand-flow",
    title: { zh: "需求流转", en: "Demand flow" },
    meaning: { zh: "需求的研判与派单", en: "demands, their assessment and dispatch" },
    rowMarks: (row) => [[row.node_key ?? null, null]],
  }),
  {
    id: "fivecolour", kind: "colouring",
    title: { zh: "五色网格", en: "Five-colour grids" },
    meaning: { zh: "网格问题难度分类", en: "grid class by problem difficulty" },
    isOn: (view) => view.overlays.has("fivecolour"),
    switch: (view, on) => ({ overlays: on ? including(view.overlays, "fivecolour") : excluding(view.overlays, "fivecolour") }),
    // Only grids carry the five colours; other places step back so no colour means two things.
    style: (attrs) => {
      if (attrs.label === "Grid") return FIVE_COLOURS[attrs.colour] ?? COLOURS.noStairwells;
      return PLACE_LABELS.includes(attrs.label) ? COLOURS.neutral : undefined;
    },
    legendRows: () => [
      ...Object.entries(FIVE_COLOURS).map(([name, colour]) => [colour, t(name)]),
      [COLOURS.neutral, t("otherPlaces")],
    ],
  },
  {
    // Switched on by removing people or departments (details panel, single points of failure).
    // Wartime places come too: a department recalled takes its staff off their buildings and
    // checkpoints, which matters even when every stairwell keeps a liaison.
    id: "whatif", kind: "action", listed: false, bringIn: "places", revealed: ["Checkpoint"],
    title: { zh: "移除后看哪里断联", en: "What goes dark if removed" },
    isOn: (view) => view.removed.length > 0,
    switch: (view, on) => ({ removed: on ? view.removed : [] }),
    params: (view) => view.removed.join(","),
    fetch: (view) => analysesApi.whatIf(view.removed),
    marksOf: (body, view) => [
      ...view.removed.map((key) => [key, "removed"]),
      ...(body.stairwells ?? []).map((s) => [s.key, "goesDark"]),
      ...(body.wartime_places ?? []).map((p) => [p.key, p.label === "Building" ? "buildingDark" : "checkpointDark"]),
    ],
    categories: {
      removed: { colour: MARKS.removed, meaning: { zh: "已移除", en: "Removed" } },
      goesDark: { colour: MARKS.goesDark, meaning: { zh: "断联楼道", en: "stairwells go dark" } },
      buildingDark: { colour: MARKS.buildingDark, meaning: { zh: "战时无人包干的楼栋", en: "buildings left with no one in wartime" } },
      checkpointDark: { colour: MARKS.checkpointDark, meaning: { zh: "战时无人值守的卡点", en: "checkpoints left with no one in wartime" } },
    },
    // One row per place that goes dark, with its chain (names of the places on screen).
    table: (body, nameOf) => {
      const chain = (place) => ({
        grid: place.grid_id ? nameOf(`Grid:${place.grid_id}`) ?? place.grid_id : null,
        community: place.community_id ? nameOf(`Community:${place.community_id}`) ?? place.community_id : null,
      });
      return {
        columns: ["kind", "name", "households", "grid", "community"],
        rows: [
          ...(body.stairwells ?? []).map((s) => ({ _key: s.key, kind: t("Stairwell"), name: s.name, households: s.households, ...chain(s) })),
          ...(body.wartime_places ?? []).map((p) => ({ _key: p.key, kind: t(p.label), name: p.name, households: null, ...chain(p) })),
        ],
      };
    },
  },
  {
    id: "rebalance", kind: "action", analysis: "rebalance",
    title: { zh: "负荷调整方案", en: "Rebalancing plan" },
    isOn: (view) => view.rebalance,
    switch: (view, on) => ({ rebalance: on }),
    params: () => "grid",
    fetch: () => analysesApi.rebalance({ scope: "grid" }),
    marksOf: (body) => body.moves.map((move) => [move.stairwell_key, "moved"]),
    categories: {
      moved: { colour: MARKS.moved, meaning: { zh: "负荷调整方案: 调整", en: "Rebalancing plan: moves" } },
    },
    // The plan read as moves: "楼道 X: from 张三 (5→3) to 李四 (1→3)", loads before and after the whole plan.
    table: (body) => {
      const name = (key) => body.names?.[key] ?? key;
      const before = new Map(body.before.map((load) => [load.person_key, load.load]));
      const after = new Map(body.after.map((load) => [load.person_key, load.load]));
      // Who stays over a limit, with their stairwells and households, and why.
      const unresolved = body.unresolved.map(
        (load) => `${name(load.person_key)} (${load.load}/${load.households}: ${t(`why_${load.reason}`)})`,
      );
      return {
        note: unresolved.length ? `${t("unresolved")}: ${unresolved.join("、")}` : "",
        columns: ["move", "stairwell", "from", "from_load", "to", "to_load"],
        rows: body.moves.map((move) => ({
          _key: move.stairwell_key,
          move: `${t("Stairwell")} ${name(move.stairwell_key)}: ${t("from")} ${name(move.from_key)} ${t("to")} ${name(move.to_key)}`,
          stairwell: name(move.stairwell_key),
          from: name(move.from_key),
          from_load: `${before.get(move.from_key)} → ${after.get(move.from_key)}`,
          to: name(move.to_key),
          to_load: `${before.get(move.to_key)} → ${after.get(move.to_key)}`,
        })),
      };
    },
  },
  {
    // Switched on from the history panel's changes tab: what changed between two snapshots,
    // drawn by diff-picture.js (ghosts for what is gone, the links themselves marked).
    // Positions come from the places' own layout, so the graph stays put between snapshots.
    id: "diff", kind: "action", listed: false, bringIn: "slice",
    title: { zh: "两次快照间的变化", en: "Changes between two snapshots" },
    isOn: (view) => Boolean(view.diff),
    switch: (view, on) => ({ diff: on ? view.diff : "" }),
    params: (view) => view.diff,
    fetch: (view) => {
      const [range, scope = ""] = view.diff.split("@");
      const [from, to] = range.split("..");
      return historyApi.diff(from, to, scope);
    },
    toSlice: (body) => pictureOf(body).slice,
    marksOf: (body) => pictureOf(body).nodeMarks,
    edgeMarksOf: (body) => pictureOf(body).edgeMarks,
    // How many changes of each kind the diff lists (a place with two changed links is one node).
    counts: (body) => pictureOf(body).counts,
    categories: {
      added: { colour: MARKS.diffAdded, meaning: { zh: "新增的地点或人员", en: "added places and people" } },
      removed: { colour: MARKS.diffRemoved, meaning: { zh: "已移除（虚影）", en: "removed (ghost)" } },
      reassigned: { colour: MARKS.diffReassigned, meaning: { zh: "调整（如楼道换了联系党员）: 新联系", en: "reassigned (e.g. a stairwell's liaison changed): new link" } },
      reassignedFrom: { colour: MARKS.diffReassignedFrom, meaning: { zh: "调整前的联系（虚影）", en: "reassigned: the link before (ghost)" } },
      linkAdded: { colour: MARKS.diffLinkAdded, meaning: { zh: "新增联系", en: "links added" } },
      linkRemoved: { colour: MARKS.diffLinkRemoved, meaning: { zh: "已移除的联系（虚影）", en: "links removed (ghost)" } },
    },
  },
];

export const overlayById = (id) => OVERLAYS.find((overlay) => overlay.id === id);

/** The colour of a mark: its category's, else the overlay's own. */
export const markColour = (overlay, category) => overlay.categories?.[category]?.colour ?? overlay.colour;

// Sigma asks for every node's style on every redraw: the answer is worked out once per view
// (views are never changed in place, see state.js).
const active = new WeakMap();

/** The overlays switched on in `view`: actions first, then the others in the order switched on. */
export function activeOverlays(view) {
  if (!active.has(view)) {
    const actions = OVERLAYS.filter((overlay) => overlay.kind === "action" && overlay.isOn(view));
    const others = [...view.overlays].map(overlayById).filter((overlay) => overlay && overlay.kind !== "action");
    active.set(view, [...actions, ...others]);
  }
  return active.get(view);
}
