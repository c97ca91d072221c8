// Dashboards beside the graph, drawn with Plotly (fetched after the graph, see plotly-loader.js).
import { analysesApi } from "../api.js";
import { pick, t } from "../i18n.js";
import { coveredShare } from "../node-kinds.js";
import { overlayById } from "../overlays.js";
import { CHARTS, COLOURS, FONT_STACK, PARTNER_KINDS, coverageColour } from "../palette.js";
import { plotly } from "../plotly-loader.js";

const FONT = { family: FONT_STACK, size: 11 };
const LAYOUT = { margin: { l: 40, r: 10, t: 28, b: 60 }, font: FONT, paper_bgcolor: COLOURS.paper, plot_bgcolor: COLOURS.paper };
const CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["lasso2d", "select2d"] };
const fetched = new Map(); // analysis name -> Promise of its body

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

/** Draw a chart from an analysis's rows (each analysis is fetched once for the page). */
async function fromAnalysis(id, name, title, draw) {
  const box = chartBox(id);
  if (!fetched.has(name)) fetched.set(name, analysesApi.run(name));
  try {
    draw(box, await fetched.get(name));
  } catch (error) {
    missing(box, title, error.message);
  }
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
  const keys = graph.filterNodes((key, attrs) => attrs.label === label && attrs.stairwells > 0 && (!community || attrs.community === community));
  const items = keys.map((key) => graph.getNodeAttributes(key)).sort((a, b) => coveredShare(a) - coveredShare(b));
  const box = chartBox(id);
  if (!items.length) return missing(box, title, t("noData"));
  // The axis spans the shares there are (to the 5% step below the lowest): on 0-100% every bar
  // of a street at 97-100% looks full and the differences vanish.
  const lowest = coveredShare(items[0]);
  const bottom = Math.max(0, Math.floor((lowest - 0.01) * 20) / 20);
  plot(box, [{
    type: "bar",
    x: items.map((a) => a.name),
    y: items.map((a) => coveredShare(a)),
    marker: { color: items.map((a) => coverageColour(coveredShare(a))) },
    hovertemplate: "%{x}: %{y:.0%}<extra></extra>",
  }], {
    title: { text: title, font: { size: 12 } },
    yaxis: { tickformat: ".0%", range: [bottom, 1] },
    xaxis: { showticklabels: items.length <= 20 }, // more names than fit: hover tells
  });
}

function loadChart(box, body) {
  const loads = body.rows.map((row) => row.stairwells);
  const limit = body.parameters?.stairwell_limit ?? body.parameters?.limit;
  plot(box, [{ type: "histogram", x: loads, marker: { color: CHARTS.people }, xbins: { size: 1 } }], {
    title: { text: t("chartLoad"), font: { size: 12 } },
    xaxis: { title: { text: t("stairwellsPerPerson") } }, yaxis: { title: { text: t("people") } },
    ...(limit == null ? {} : limitLine(limit)),
  });
}

function partnershipChart(box, body) {
  if (!body.rows.length) return missing(box, t("chartPartnership"), t("noData"));
  // Events each kind of partner held in each community, stacked by kind of partner.
  const communities = [...new Set(body.rows.map((r) => r.community))];
  const kinds = [...new Set(body.rows.map((r) => r.partner_kind))];
  const traces = kinds.map((kind) => ({
    type: "bar", name: t(kind), marker: { color: PARTNER_KINDS[kind] },
    x: communities,
    y: communities.map((c) => body.rows.filter((r) => r.community === c && r.partner_kind === kind).reduce((sum, r) => sum + (r.events ?? 0), 0)),
  }));
  plot(box, traces, { title: { text: t("chartPartnership"), font: { size: 12 } }, barmode: "stack", yaxis: { title: { text: t("events") } }, legend: { orientation: "h", y: -0.35 } });
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

/** The rebalancing plan's loads before and after, with the limit it worked to. */
function planChart(plan) {
  const box = chartBox("chart-rebalance", { first: true }); // what the analyst just asked for
  const hist = (rows, name, color) => ({ type: "histogram", name, x: rows.map((r) => r.load), opacity: 0.7, marker: { color }, xbins: { size: 1 } });
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
  fromAnalysis("chart-load", "liaison-load", t("chartLoad"), loadChart);
  fromAnalysis("chart-partnership", "partnerships", t("chartPartnership"), partnershipChart);
  fromAnalysis("chart-demand", "demand-flow", t("chartDemand"), demandChart);
  const plan = explorer.overlayData.ready("rebalance");
  if (plan && explorer.view.rebalance) planChart(plan.body);
  else document.getElementById("chart-rebalance")?.remove();
}
