// The history panel: a scope's headline figures over the snapshots (trend), what changed
// between two snapshots (diff), and the rectification ledger (整改台账). Its scope is the
// community shown alone, else the street. A change or a case opens its place on the graph.
import { historyApi } from "../api.js";
import { plotly } from "../plotly-loader.js";
import { el } from "../dom.js";
import { candidatesCell } from "./candidates.js";
import { ghostKey } from "../diff-picture.js";
import { currentLang, pick, t } from "../i18n.js";
import { relationName } from "../vocabulary.js";
import { CHARTS, COLOURS, FONT_STACK } from "../palette.js";

const METRICS = [
  "stairwell_coverage", "household_coverage", "uncovered_stairwells", "leaderless_grids",
  "wartime_gaps", "overloaded_liaisons", "unpartnered_communities", "single_points_of_failure",
];
const STATUSES = ["open", "new", "in_progress", "rectified", "ignored"];
const panel = { tab: "trend", metric: "stairwell_coverage", status: "open", from: "", to: "", drawn: "" };

function select(id, options, value, onChange) {
  const box = el("select", { id });
  for (const [optionValue, text] of options) box.append(new Option(text, optionValue));
  box.value = value;
  box.addEventListener("change", () => onChange(box.value));
  return box;
}

/** The scope the panel shows: the community shown alone, else the graph's (first) street. */
export function historyScope(explorer) {
  if (explorer.view.community) return explorer.view.community;
  return explorer.graph.filterNodes((key, attrs) => attrs.label === "Street")[0] ?? null;
}

/**
 * A link to a node on the graph: clicking it brings the node in and selects it (with `gone`,
 * its ghost while the changes are on the graph: the node itself is no longer there).
 */
function nodeLink(explorer, key, text, gone = false) {
  const link = el("a", { href: "#", textContent: text ?? key, className: "node-link" });
  link.dataset.key = key;
  link.addEventListener("click", (event) => {
    event.preventDefault();
    const ghost = gone && explorer.view.diff && explorer.graph.hasNode(ghostKey(key));
    explorer.reveal(ghost ? ghostKey(key) : key);
  });
  return link;
}

async function drawTrend(explorer, body, scope) {
  const trend = await historyApi.trend(scope, panel.metric);
  const [series] = trend.trends;
  const chart = el("div", { id: "history-trend", className: "chart" });
  body.append(
    select("history-metric", METRICS.map((m) => [m, t(`m_${m}`)]), panel.metric, (value) => {
      panel.metric = value;
      renderHistory(explorer, true);
    }),
    chart,
  );
  const ratio = panel.metric.endsWith("coverage");
  (await plotly()).react(chart, [{
    type: "scatter", mode: "lines+markers",
    x: series.points.map((p) => p.as_of), y: series.points.map((p) => p.value),
    line: { color: CHARTS.people }, hovertemplate: ratio ? "%{x}: %{y:.1%}<extra></extra>" : "%{x}: %{y}<extra></extra>",
  }], {
    title: { text: `${series.name ?? scope} · ${t(`m_${panel.metric}`)}`, font: { size: 12 } },
    yaxis: ratio ? { tickformat: ".0%" } : { rangemode: "tozero" },
    margin: { l: 44, r: 10, t: 28, b: 40 }, font: { family: FONT_STACK, size: 11 },
    paper_bgcolor: COLOURS.paper, plot_bgcolor: COLOURS.paper,
  }, { displaylogo: false, responsive: true });
  chart.dataset.points = String(series.points.length);
}

function linkText(change) {
  const holder = change.change === "reassigned" ? `${change.from_source} → ${change.to_source}` : change.source;
  // Named from the place's side: its liaison, its grid head…
  return `${t(`c_${change.change}`)} · ${relationName(change.type, false, change)} · ${holder}`;
}

/** A place's name if it is on screen, else its id. */
const placeName = (explorer, key, id) => (explorer.graph.hasNode(key) ? explorer.graph.getNodeAttribute(key, "name") : null) ?? id;

async function drawDiff(explorer, body, scope, snapshots) {
  const ids = snapshots.map((s) => [String(s.id), `${s.id} · ${s.as_of}`]);
  // The changes on the graph (a link may name them) are the ones the panel lists.
  const [range, onGraphScope] = (explorer.view.diff || "").split("@");
  if (explorer.view.diff && onGraphScope === scope) [panel.from, panel.to] = range.split("..");
  if (!panel.to) panel.to = String(snapshots[0].id);
  if (!panel.from) panel.from = String(snapshots[Math.min(1, snapshots.length - 1)].id);
  const again = (field) => (value) => {
    panel[field] = value;
    // Changes on the graph follow the snapshots picked (nothing placed moves, see diff-picture.js).
    if (explorer.view.diff) explorer.state.set({ diff: `${panel.from}..${panel.to}@${scope}` });
    else renderHistory(explorer, true);
  };
  body.append(el("div", { className: "history-pick" },
    select("history-from", ids, panel.from, again("from")), " → ", select("history-to", ids, panel.to, again("to"))));
  const shown = `${panel.from}..${panel.to}@${scope}`;
  const onGraph = explorer.view.diff === shown;
  const toggle = el("button", { id: "history-diff-graph", textContent: t(onGraph ? "diffOffGraph" : "diffOnGraph") });
  toggle.addEventListener("click", () => explorer.showChanges(onGraph ? "" : shown));
  body.append(toggle);
  const found = await historyApi.diff(panel.from, panel.to, scope);
  const summary = Object.entries(found.summary).map(([kind, n]) => `${t(`s_${kind}`)} ${n}`).join(" · ");
  body.append(el("p", { className: "note", id: "history-diff-summary", textContent: summary || t("noChange") }));
  const list = el("ul", { id: "history-diff", className: "history-list" });
  for (const change of found.entities) {
    list.append(el("li", { className: `change-${change.change}` },
      `${t(`c_${change.change}`)} `, nodeLink(explorer, `${change.label}:${change.id}`, change.name ?? change.id, change.change === "removed")));
  }
  for (const change of found.links) {
    list.append(el("li", { className: `change-${change.change}` },
      nodeLink(explorer, `${change.target_label}:${change.target}`, placeName(explorer, `${change.target_label}:${change.target}`, change.target)), ` ${linkText(change)}`));
  }
  const moved = found.figures.filter((f) => f.change);
  for (const figure of moved) {
    const sign = figure.change > 0 ? "+" : "";
    list.append(el("li", { className: "change-figure" }, `${t(`m_${figure.metric}`)}: ${figure.before} → ${figure.after} (${sign}${figure.change})`));
  }
  body.append(list);
}

async function drawLedger(explorer, body, scope) {
  body.append(select("history-status", STATUSES.map((s) => [s, t(`st_${s}`)]), panel.status, (value) => {
    panel.status = value;
    renderHistory(explorer, true);
  }));
  const [stats, page] = await Promise.all([
    historyApi.ledgerStats(scope),
    historyApi.cases(scope, panel.status),
  ]);
  const s = stats.summary;
  const rate = s.rectification_rate == null ? "–" : `${Math.round(s.rectification_rate * 100)}%`;
  const days = s.median_days_to_close == null ? "–" : s.median_days_to_close;
  body.append(el("p", { className: "note", id: "history-ledger-stats",
    textContent: `${stats.month}: ${t("open")} ${s.open} · ${t("overdue")} ${s.overdue} · ${t("closedThisMonth")} ${s.closed_this_month} · ${t("rectificationRate")} ${rate} · ${t("medianDays")} ${days}` }));
  const table = el("table", { id: "history-cases" });
  for (const item of page.cases) {
    const row = table.insertRow();
    row.dataset.case = String(item.id);
    row.insertCell().textContent = String(item.id);
    row.insertCell().textContent = pick({ zh: item.rule_zh, en: item.rule });
    row.insertCell().append(nodeLink(explorer, item.entity, item.entity_name ?? item.entity));
    row.insertCell().textContent = pick({ zh: item.status_zh, en: item.status });
    row.insertCell().textContent = item.owner ? `${item.owner_role_zh ?? ""} ${item.owner}` : t("noOwner");
    const who = row.insertCell();
    if (item.candidates) who.append(candidatesCell(explorer, item.candidates));
  }
  body.append(table, el("p", { className: "note", textContent: `${page.cases.length} / ${page.total}` }));
}

const TABS = { trend: drawTrend, diff: drawDiff, ledger: drawLedger };

/** Wire the tabs (the panel itself is drawn by renderHistory). */
export function bindHistory(explorer) {
  for (const button of document.querySelectorAll("#history-tabs button")) {
    button.addEventListener("click", () => {
      panel.tab = button.dataset.tab;
      renderHistory(explorer, true);
    });
  }
}

/** Draw the open tab for the current scope (again only when the scope, tab or a choice changed). */
export async function renderHistory(explorer, force = false) {
  const scope = historyScope(explorer);
  const body = document.querySelector("#history-body");
  const key = `${panel.tab}|${scope}|${currentLang()}|${explorer.view.diff}`;
  if (!body || (!force && key === panel.drawn)) return;
  panel.drawn = key;
  for (const button of document.querySelectorAll("#history-tabs button")) {
    button.classList.toggle("on", button.dataset.tab === panel.tab);
  }
  const fresh = el("div", { id: "history-body" });
  body.replaceWith(fresh);
  if (!scope) return fresh.append(t("noData"));
  try {
    const snapshots = await historyApi.snapshots();
    if (!snapshots.length) return fresh.append(el("p", { className: "note", textContent: t("noSnapshots") }));
    await TABS[panel.tab](explorer, fresh, scope, snapshots);
    fresh.dataset.ready = panel.tab;
  } catch (error) {
    fresh.append(el("p", { className: "note", textContent: `${t("error")}: ${error.message}` }));
  }
}
