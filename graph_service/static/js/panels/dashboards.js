// Dashboards beside the graph, drawn with Plotly (fetched after the graph, see plotly-loader.js).
// Every chart keeps to the community shown alone (the view's `community`), every bar is named,
// and a click on a bar filters the graph and the findings table: a community's bar shows that
// community alone, a grid's that grid's community with the grid selected, a member's opens
// them in the overloaded-liaisons table, a load's the liaison-load table at that load.
import { analysesApi } from "../api.js";
import { pick, t } from "../i18n.js";
import { coveredShare, splitKey } from "../node-kinds.js";
import { overlayById } from "../overlays.js";
import { including } from "../state.js";
import { CHARTS, COLOURS, FONT_STACK, PARTNER_KINDS, coverageColour } from "../palette.js";
import { plotly } from "../plotly-loader.js";

const FONT = { family: FONT_STACK, size: 11 };
const LAYOUT = { margin: { l: 40, r: 10, t: 28, b: 60 }, font: FONT, paper_bgcolor: COLOURS.paper, plot_bgcolor: COLOURS.paper };
const CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["lasso2d", "select2d"] };
const fetched = new Map(); // "analysis?parameters" -> Promise of its body

function chartBox(id, { first = false } = {}) {
  const charts = document.querySelector("#charts");
  let box = document.getElementById(id);
  if (!box) {
    box = document.createElement("div");
    box.id = id;
    if (first) charts.prepend(box);
    else charts.append(box);
  }
  return box;
}

function missing(box, title, why) {
  box.className = "chart-missing";
  box.style.height = "";
  box.textContent = `${title}: ${why}`;
}

// Plotly reads <a href>, <b> and the like in labels as markup: names from the graph are plain
// text, so every string of a trace is escaped (its own hover templates aside).
const escaped = (value, key) => {
  if (typeof value === "string") return key === "hovertemplate" ? value : value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
  if (Array.isArray(value)) return value.map((item) => escaped(item, key));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escaped(v, k)]));
  return value;
};

function plot(box, data, layout) {
  box.className = "chart";
  window.Plotly.react(box, escaped(data), { ...LAYOUT, ...layout }, CONFIG);
}

/** The view's community as an analysis parameter ({} for the whole street). */
function inCommunity(explorer) {
  return explorer.view.community ? { community_id: splitKey(explorer.view.community)[1] } : {};
}

/** An analysis's answer, fetched once per page and parameters. */
function answer(name, params = {}) {
  const key = `${name}?${new URLSearchParams(params)}`;
  if (!fetched.has(key)) fetched.set(key, analysesApi.run(name, params));
  return fetched.get(key);
}

/**
 * Draw a chart from an analysis's rows, for the view's community when `local`; an answer that
 * comes after the community changed again is not drawn.
 */
async function fromAnalysis(explorer, id, name, title, draw, { local = true } = {}) {
  const box = chartBox(id);
  const params = local ? inCommunity(explorer) : {};
  const asked = `${name}?${new URLSearchParams(params)}`;
  box.dataset.asked = asked;
  try {
    const body = await answer(name, params);
    if (box.dataset.asked === asked) draw(box, body);
  } catch (error) {
    missing(box, title, error.message);
  }
}

/** What a click on one of `box`'s bars does: `onBar(point)`, bound once after each draw. */
function clickable(box, onBar) {
  // A redraw may start the plot afresh, dropping its listeners: bind again, never twice.
  if (box.barClicked) box.removeListener("plotly_click", box.barClicked);
  box.barClicked = (event) => event.points?.[0] && onBar(event.points[0]);
  box.on("plotly_click", box.barClicked);
}

/** Open `overlay`'s findings table (switching it on) with a filter, e.g. "stairwells=5". */
function openTableFiltered(explorer, id, tableFilter, extra = {}) {
  explorer.state.set({ overlays: including(explorer.view.overlays, id), table: id, tableSort: "", tableFilter, ...extra });
}

/** The line at a stairwell limit: members right of it are over the limit. */
function limitLine(limit) {
  const x = limit + 0.5;
  return {
    shapes: [{ type: "line", x0: x, x1: x, yref: "paper", y0: 0, y1: 1, line: { color: CHARTS.limit, dash: "dash" } }],
    annotations: [{ x, yref: "paper", y: 1, text: `${t("limit")} ${limit}`, showarrow: false, font: { color: CHARTS.limit } }],
  };
}

function coverageBars(explorer, label, id, title) {
  const graph = explorer.graph;
  const community = explorer.view.community;
  const keys = graph.filterNodes((key, attrs) => attrs.label === label && !attrs.ghost && attrs.stairwells > 0 && (!community || attrs.community === community));
  const items = keys.map((key) => [key, graph.getNodeAttributes(key)]).sort(([, a], [, b]) => coveredShare(a) - coveredShare(b));
  const box = chartBox(id);
  if (!items.length) return missing(box, title, t("noData"));
  // The axis spans the shares there are (to the 5% step below the lowest): on 0-100% every bar
  // of a street at 97-100% looks full and the differences vanish. Bars lie down, the lowest on
  // top, so that every one is named however many there are.
  const lowest = coveredShare(items[0][1]);
  const bottom = Math.max(0, Math.floor((lowest - 0.01) * 20) / 20);
  const height = Math.max(160, 60 + 18 * items.length);
  box.style.height = `${height}px`; // as tall as its bars need, each named
  plot(box, [{
    type: "bar",
    orientation: "h",
    y: items.map(([, a]) => a.name),
    x: items.map(([, a]) => coveredShare(a)),
    customdata: items.map(([key]) => key),
    marker: { color: items.map(([, a]) => coverageColour(coveredShare(a))) },
    hovertemplate: "%{y}: %{x:.1%}<extra></extra>",
  }], {
    title: { text: title, font: { size: 12 } },
    height,
    margin: { l: 10, r: 10, t: 28, b: 30 },
    xaxis: { tickformat: ".0%", range: [bottom, 1] },
    yaxis: { autorange: "reversed", automargin: true, type: "category", dtick: 1 },
  });
  clickable(box, (point) => {
    const key = point.customdata;
    // A community shows alone; a grid shows its community, with the grid selected.
    if (label === "Community") explorer.state.set({ community: key });
    else {
      explorer.state.set({ community: graph.getNodeAttribute(key, "community") ?? "", selected: key });
      explorer.graphView.focus(key);
    }
  });
}

/** Members per stairwell load (a bar per load, each named and counted; over the limit in red). */
function loadChart(explorer, box, body) {
  if (!body.rows.length) return missing(box, t("chartLoad"), t("noData"));
  const limit = body.parameters?.stairwell_limit ?? body.parameters?.limit;
  const counts = new Map();
  for (const row of body.rows) counts.set(row.stairwells, (counts.get(row.stairwells) ?? 0) + 1);
  const loads = [...counts.keys()].sort((a, b) => a - b);
  plot(box, [{
    type: "bar",
    x: loads,
    y: loads.map((load) => counts.get(load)),
    // Counted on the bar too: one member far over the limit beside hundreds is still read.
    text: loads.map((load) => String(counts.get(load))),
    textposition: "outside",
    cliponaxis: false,
    marker: { color: loads.map((load) => (limit != null && load > limit ? CHARTS.limit : CHARTS.people)) },
    hovertemplate: `%{x} ${t("stairwellsPerPerson")}: %{y} ${t("people")}<extra></extra>`,
  }], {
    title: { text: t("chartLoad"), font: { size: 12 } },
    xaxis: { title: { text: t("stairwellsPerPerson") }, tickmode: "array", tickvals: loads, ticktext: loads.map(String) },
    // A log axis from half a member up: one member far over the limit is a bar as visible as
    // the hundreds within it.
    yaxis: { title: { text: t("people") }, type: "log", range: [Math.log10(0.5), Math.log10(2 * Math.max(...counts.values()))] },
    ...(limit == null ? {} : limitLine(limit)),
  });
  clickable(box, (point) => openTableFiltered(explorer, "load", `stairwells=${point.x}`));
}

/** The members over the limit, each a named bar: the tail the histogram can only count. */
function tailChart(explorer, box, body) {
  const limit = body.parameters?.stairwell_limit ?? body.parameters?.limit;
  const over = body.rows.filter((row) => row.over_limit);
  const title = `${t("chartLoadTail")}${limit == null ? "" : ` (${t("limit")} ${limit})`}`;
  if (!over.length) return missing(box, title, t("noneOverLimit"));
  plot(box, [{
    type: "bar",
    x: over.map((row) => row.name ?? row.person_id),
    y: over.map((row) => row.stairwells),
    text: over.map((row) => String(row.stairwells)),
    textposition: "outside",
    cliponaxis: false,
    customdata: over.map((row) => row.node_key),
    marker: { color: CHARTS.limit },
    hovertemplate: `%{x}: %{y} ${t("stairwellsPerPerson")}<extra></extra>`,
  }], {
    title: { text: title, font: { size: 12 } },
    margin: { l: 40, r: 10, t: 28, b: 90 },
    xaxis: { type: "category", tickangle: -60, automargin: true, dtick: 1 },
    yaxis: { title: { text: t("stairwellsPerPerson") }, rangemode: "tozero" },
    ...(limit == null ? {} : { shapes: [{ type: "line", xref: "paper", x0: 0, x1: 1, y0: limit, y1: limit, line: { color: CHARTS.limit, dash: "dash" } }] }),
  });
  clickable(box, (point) => {
    openTableFiltered(explorer, "overloaded", point.x, { selected: point.customdata });
    explorer.reveal(point.customdata);
  });
}

function partnershipChart(explorer, box, body) {
  if (!body.rows.length) return missing(box, t("chartPartnership"), t("noData"));
  // Events each kind of partner held in each community, stacked by kind of partner.
  const communities = [...new Set(body.rows.map((r) => r.community))];
  const keyOf = new Map(body.rows.map((r) => [r.community, r.community_key]));
  const kinds = [...new Set(body.rows.map((r) => r.partner_kind))];
  const traces = kinds.map((kind) => ({
    type: "bar", name: t(kind), marker: { color: PARTNER_KINDS[kind] },
    x: communities,
    y: communities.map((c) => body.rows.filter((r) => r.community === c && r.partner_kind === kind).reduce((sum, r) => sum + (r.events ?? 0), 0)),
    customdata: communities.map((c) => keyOf.get(c)),
  }));
  plot(box, traces, {
    title: { text: t("chartPartnership"), font: { size: 12 } }, barmode: "stack",
    xaxis: { type: "category", dtick: 1, tickangle: communities.length > 4 ? -45 : 0, automargin: true },
    yaxis: { title: { text: t("events") } }, legend: { orientation: "h", y: -0.35 },
  });
  clickable(box, (point) => point.customdata && explorer.state.set({ community: point.customdata }));
}

function demandChart(box, body) {
  if (!body.rows.length) return missing(box, t("chartDemand"), t("noData"));
  const names = [];
  const index = (name) => (names.includes(name) ? names.indexOf(name) : names.push(name) - 1);
  const link = { source: [], target: [], value: [] };
  for (const row of body.rows) {
    const steps = [t(`status_${row.status}`), row.module ?? t("notAssessed"), row.department ?? t("notDispatched")];
    for (let i = 0; i + 1 < steps.length; i++) {
      link.source.push(index(steps[i]));
      link.target.push(index(steps[i + 1]));
      link.value.push(row.demands ?? 1);
    }
  }
  plot(box, [{ type: "sankey", node: { label: names, pad: 8, thickness: 10 }, link }], { title: { text: t("chartDemand"), font: { size: 12 } }, margin: { l: 10, r: 10, t: 28, b: 10 } });
}

/**
 * The rebalancing plan's loads before and after, with the limit it worked to: of the members of
 * the community shown alone (those the liaison-load analysis places there), else of everyone.
 */
async function planChart(explorer, plan) {
  const box = chartBox("chart-rebalance", { first: true }); // what the analyst just asked for
  const params = inCommunity(explorer);
  const asked = `${plan.moves.length}?${new URLSearchParams(params)}`;
  box.dataset.asked = asked;
  const members = params.community_id ? new Set((await answer("liaison-load", params)).rows.map((row) => row.node_key)) : null;
  if (box.dataset.asked !== asked) return;
  const mine = (rows) => (members ? rows.filter((row) => members.has(row.person_key)) : rows);
  const hist = (rows, name, color) => ({ type: "histogram", name, x: mine(rows).map((r) => r.load), opacity: 0.7, marker: { color }, xbins: { size: 1 } });
  plot(box, [hist(plan.before, t("before"), CHARTS.before), hist(plan.after, t("after"), CHARTS.after)], {
    title: { text: `${pick(overlayById("rebalance").title)}: ${plan.moves.length} ${t("moves")}`, font: { size: 12 } },
    barmode: "overlay",
    xaxis: { title: { text: t("stairwellsPerPerson") } },
    yaxis: { title: { text: t("people") } },
    ...limitLine(plan.stairwell_limit),
    legend: { orientation: "h", y: -0.3 },
  });
}

/** Draw every dashboard for the current view. */
export function drawDashboards(explorer) {
  if (!window.Plotly) {
    plotly().then(() => drawDashboards(explorer), (error) => explorer.message(error.message, true));
    return;
  }
  coverageBars(explorer, "Community", "chart-coverage-community", t("chartCoverageCommunity"));
  coverageBars(explorer, "Grid", "chart-coverage-grid", t("chartCoverageGrid"));
  fromAnalysis(explorer, "chart-load", "liaison-load", t("chartLoad"), (box, body) => loadChart(explorer, box, body));
  fromAnalysis(explorer, "chart-load-tail", "liaison-load", t("chartLoadTail"), (box, body) => tailChart(explorer, box, body));
  fromAnalysis(explorer, "chart-partnership", "partnerships", t("chartPartnership"), (box, body) => partnershipChart(explorer, box, body));
  fromAnalysis(explorer, "chart-demand", "demand-flow", t("chartDemand"), demandChart);
  const plan = explorer.overlayData.ready("rebalance");
  if (plan && explorer.view.rebalance) planChart(explorer, plan.body);
  else document.getElementById("chart-rebalance")?.remove();
}
