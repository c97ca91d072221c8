// The wartime drill panel: pick departments to recall (or every city-level one), run the drill,
// read what goes dark and the proposed cover as tables, export the 包干表. Nothing is written:
// the drill is a GET; applying a cover is left to the API (POST /api/v1/drill/apply).
import { drillApi } from "../api.js";
import { el } from "../dom.js";
import { currentLang, onLangChange, t } from "../i18n.js";

const s = (key) => t(`drill_${key}`);

const panel = { departments: [], chosen: new Set(), city: false, result: null, names: new Map() };

/** The drill's query string for what is chosen now. */
function query(extra = {}) {
  const recall = [...panel.chosen];
  if (panel.city) recall.unshift("city");
  return new URLSearchParams({ recall: recall.join(","), ...extra });
}

function table(headers, rows, onRow) {
  const tableEl = el("table", { className: "drill-table" });
  const head = tableEl.createTHead().insertRow();
  headers.forEach((text) => head.append(el("th", { textContent: text })));
  const body = tableEl.createTBody();
  for (const { cells, key } of rows) {
    const tr = body.insertRow();
    cells.forEach((value) => (tr.insertCell().textContent = value ?? ""));
    if (key && onRow) {
      tr.dataset.key = key;
      tr.addEventListener("click", () => onRow(key));
    }
  }
  return tableEl;
}

function renderResult(explorer, box) {
  const result = panel.result;
  if (!result) return;
  if (result.error) {
    box.append(el("div", { className: "note", textContent: result.error }));
    return;
  }
  const dark = result.dark;
  box.append(
    el("div", {
      id: "drill-summary",
      textContent: `${s("out")} ${result.people_out} · ${s("dark")}: ${dark.stairwells} ${s("stairwells")}, `
        + `${dark.buildings} ${s("buildings")}, ${dark.checkpoints} ${s("checkpoints")}, `
        + `${dark.households} ${s("households")}`,
    }),
  );
  const link = el("a", {
    id: "drill-export",
    className: "button",
    textContent: s("exportTable"),
    href: drillApi.exportUrl(query({ format: "xlsx", lang: currentLang() })),
    download: "drill-assignments.xlsx",
  });
  box.append(link);
  const reveal = (key) => explorer.reveal(key);
  const areas = result.areas.map((a) => ({
    cells: [`${a.community ?? "–"} / ${a.grid ?? "–"}`, a.stairwells, a.buildings, a.checkpoints, a.households],
  }));
  box.append(table([s("area"), s("stairwells"), s("buildings"), s("checkpoints"), s("households")], areas));
  const names = new Map(result.places.map((p) => [p.key, p.name]));
  box.append(el("h3", { textContent: `${s("cover")} (${result.cover.length})` }));
  const cover = result.cover.map((a) => ({
    key: a.place_key,
    cells: [names.get(a.place_key) ?? a.place_key, a.name, a.phone, s(a.role), s(a.nearness)],
  }));
  box.append(table([s("place"), s("person"), s("phone"), s("role"), s("nearness")], cover, reveal));
  box.append(el("h3", { textContent: `${s("uncovered")} (${result.uncovered.length})` }));
  const left = result.uncovered.map((u) => ({
    key: u.place_key,
    cells: [names.get(u.place_key) ?? u.place_key, `${s(u.reason)}: ${u.detail}`],
  }));
  box.append(left.length ? table([s("place"), s("reason")], left, reveal) : el("div", { textContent: s("none") }));
}

/** Draw the panel (the department list, the controls and the last result). */
export function renderDrill(explorer) {
  const root = document.querySelector("#drill-body");
  if (!root) return;
  document.querySelector("#drill-title").textContent = s("drill");
  const city = el("label", {}, el("input", { type: "checkbox", id: "drill-city", checked: panel.city }), ` ${s("recallCity")}`);
  city.querySelector("input").addEventListener("change", (event) => (panel.city = event.target.checked));
  const list = el("div", { id: "drill-departments", className: "drill-departments" });
  for (const department of panel.departments) {
    const box = el("input", { type: "checkbox", value: department.key, checked: panel.chosen.has(department.key) });
    box.addEventListener("change", () => {
      if (box.checked) panel.chosen.add(department.key);
      else panel.chosen.delete(department.key);
    });
    list.append(el("label", {}, box, ` ${department.name} (${s(department.level)}, ${department.staff})`));
  }
  const run = el("button", { id: "drill-run", textContent: s("run") });
  run.addEventListener("click", () => runDrill(explorer));
  const result = el("div", { id: "drill-result" });
  root.replaceChildren(city, list, run, result);
  renderResult(explorer, result);
}

async function runDrill(explorer) {
  if (!panel.city && panel.chosen.size === 0) {
    panel.result = { error: s("pickSome") };
    renderDrill(explorer);
    return;
  }
  const result = document.querySelector("#drill-result");
  result.textContent = s("running");
  try {
    panel.result = await drillApi.run(query());
  } catch (error) {
    panel.result = { error: error.message };
  }
  renderDrill(explorer);
}

/** Load the departments once and draw the panel; redraw when the language changes. */
export async function bindDrill(explorer) {
  onLangChange(() => renderDrill(explorer));
  try {
    panel.departments = await drillApi.departments();
  } catch (error) {
    panel.result = { error: error.message };
  }
  renderDrill(explorer);
}
