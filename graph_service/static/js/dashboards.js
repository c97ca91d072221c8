// Dashboards beside the graph, drawn with Plotly (loaded as /static/vendor/plotly.min.js).
import { analysesApi, ApiMissing } from "./api.js";
import { coveredShare, coverageColour } from "./graph-view.js";
import { pick, t } from "./i18n.js";
import { analysisFor } from "./overlays.js";

const FONT = { family: '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif', size: 11 };
const LAYOUT = { margin: { l: 40, r: 10, t: 28, b: 60 }, font: FONT, paper_bgcolor: "#fff", plot_bgcolor: "#fff" };
const CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["lasso2d", "select2d"] };
// Analyses the dashboards read (first name the server offers is used).
const LOAD = { analyses: ["liaison-load"], kind: "marks" };
const PARTNERSHIP = { analyses: ["partnerships"], kind: "marks" };
const DEMAND = { analyses: ["demand-flow"], kind: "marks" };
// The same colours as the partnerships overlay on the graph.
const PARTNER_COLOURS = { service_team: "#7b4fc9", organ_branch: "#d04f8f", co_building_unit: "#c08a2b" };
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

function plot(box, data, layout) {
  if (!window.Plotly) return;
  box.className = "chart";
  window.Plotly.react(box, data, { ...LAYOUT, ...layout }, CONFIG);
}

function run(name) {
  if (!fetched.has(name)) fetched.set(name, analysesApi.run(name));
  return fetched.get(name);
}

async function fromAnalysis(id, spec, title, draw) {
  const box = chartBox(id);
  const name = analysisFor(spec);
  if (!name) return missing(box, title, t("unavailable"));
  try {
    draw(box, await run(name));
  } catch (error) {
    missing(box, title, error instanceof ApiMissing ? t("apiMissing") : error.message);
  }
}

function coverageBars(explorer, label, id, title) {
  const graph = explorer.graph;
  const keys = graph.filterNodes((key, attrs) => attrs.label === label && attrs.stairwells > 0 && (!explorer.view.community || attrs.community === explorer.view.community));
  const items = keys.map((key) => graph.getNodeAttributes(key)).sort((a, b) => coveredShare(a) - coveredShare(b));
  const box = chartBox(id);
  if (!items.length) return missing(box, title, t("noData"));
  plot(box, [{
    type: "bar",
    x: items.map((a) => a.name),
    y: items.map((a) => coveredShare(a)),
    marker: { color: items.map((a) => coverageColour(coveredShare(a))) },
    hovertemplate: "%{x}: %{y:.0%}<extra></extra>",
  }], {
    title: { text: title, font: { size: 12 } },
    yaxis: { tickformat: ".0%", range: [0, 1] },
    xaxis: { showticklabels: items.length <= 20 }, // more names than fit: hover tells
  });
}

/** Draw every dashboard for the current view (analyses are fetched once and cached). */
export function drawDashboards(explorer) {
  if (!window.Plotly) {
    window.addEventListener("load", () => drawDashboards(explorer), { once: true });
    return;
  }
  coverageBars(explorer, "Community", "chart-coverage-community", t("chartCoverageCommunity"));
  coverageBars(explorer, "Grid", "chart-coverage-grid", t("chartCoverageGrid"));
  fromAnalysis("chart-load", LOAD, t("chartLoad"), (box, body) => {
    const loads = body.rows.map((row) => row.stairwells);
    const limit = body.parameters?.stairwell_limit ?? body.parameters?.limit;
    // The limit sits between "at the limit" and "over it": members right of the line are overloaded.
    const shapes = limit == null ? [] : [{ type: "line", x0: limit + 0.5, x1: limit + 0.5, yref: "paper", y0: 0, y1: 1, line: { color: "#d7301f", dash: "dash" } }];
    const annotations = limit == null ? [] : [{ x: limit + 0.5, yref: "paper", y: 1, text: `${t("limit")} ${limit}`, showarrow: false, font: { color: "#d7301f" } }];
    plot(box, [{ type: "histogram", x: loads, marker: { color: "#2b6cd1" }, xbins: { size: 1 } }], {
      title: { text: t("chartLoad"), font: { size: 12 } },
      xaxis: { title: { text: t("stairwellsPerPerson") } }, yaxis: { title: { text: t("people") } }, shapes, annotations,
    });
  });
  fromAnalysis("chart-partnership", PARTNERSHIP, t("chartPartnership"), (box, body) => {
    if (!body.rows.length) return missing(box, t("chartPartnership"), t("noData"));
    // Events each kind of partner held in each community, stacked by kind of partner.
    const communities = [...new Set(body.rows.map((r) => r.community))];
    const kinds = [...new Set(body.rows.map((r) => r.partner_kind))];
    const traces = kinds.map((kind) => ({
      type: "bar", name: t(kind), marker: { color: PARTNER_COLOURS[kind] },
      x: communities,
      y: communities.map((c) => body.rows.filter((r) => r.community === c && r.partner_kind === kind).reduce((sum, r) => sum + (r.events ?? 0), 0)),
    }));
    plot(box, traces, { title: { text: t("chartPartnership"), font: { size: 12 } }, barmode: "stack", yaxis: { title: { text: t("events") } }, legend: { orientation: "h", y: -0.35 } });
  });
  fromAnalysis("chart-demand", DEMAND, t("chartDemand"), (box, body) => {
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
  });
  if (explorer.plan && explorer.view.rebalance) {
    // Before and after as two load distributions with the limit the plan worked to.
    const box = chartBox("chart-rebalance", { first: true }); // what the analyst just asked for
    const limit = explorer.plan.stairwell_limit;
    const hist = (rows, name, color) => ({ type: "histogram", name, x: rows.map((r) => r.load), opacity: 0.7, marker: { color }, xbins: { size: 1 } });
    plot(box, [hist(explorer.plan.before, t("before"), "#9aa4b1"), hist(explorer.plan.after, t("after"), "#1f78b4")], {
      title: { text: `${pick({ zh: "负荷调整方案", en: "Rebalancing plan" })}: ${explorer.plan.moves.length} ${t("moves")}`, font: { size: 12 } },
      barmode: "overlay",
      xaxis: { title: { text: t("stairwellsPerPerson") } },
      yaxis: { title: { text: t("people") } },
      shapes: [{ type: "line", x0: limit + 0.5, x1: limit + 0.5, yref: "paper", y0: 0, y1: 1, line: { color: "#d7301f", dash: "dash" } }],
      annotations: [{ x: limit + 0.5, yref: "paper", y: 1, text: `${t("limit")} ${limit}`, showarrow: false, font: { color: "#d7301f" } }],
      legend: { orientation: "h", y: -0.3 },
    });
  } else {
    document.getElementById("chart-rebalance")?.remove();
  }
}
