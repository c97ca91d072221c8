// The findings table: one overlay's result as a table beside the graph, sorted by any column and
// filtered by text (both part of the view, so a link reopens the same table); a click on a row
// shows its node on the graph; the export writes exactly the rows and columns shown, headed in
// the page's language.
import { downloadCSV, downloadXLSX } from "../export.js";
import { column, pick, t } from "../i18n.js";
import { overlayById } from "../overlays.js";
import { withChains } from "../place-columns.js";

// Rows drawn at most (the export writes them all): a table of a thousand rows is read by filtering.
const MAX_DRAWN = 300;
const FILTER_DELAY_MS = 200;

/** The view patch that opens `overlay`'s findings table, unsorted and unfiltered. */
export const tableOf = (overlay) => (overlay.table ? { table: overlay.id, tableSort: "", tableFilter: "" } : {});

/** The overlay whose table the view has open (and whose result is wanted), or null. */
export function openTable(view) {
  const overlay = overlayById(view.table);
  return overlay?.table && overlay.isOn(view) ? overlay : null;
}

/** A cell as the table shows it: lists joined, yes/no in the page language. */
export function cellText(value) {
  if (value == null) return "";
  if (Array.isArray(value)) return value.map(cellText).join("、");
  if (typeof value === "boolean") return t(value ? "yes" : "no");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function compare(a, b) {
  if (a == null || a === "") return b == null || b === "" ? 0 : 1; // empty cells last
  if (b == null || b === "") return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return cellText(a).localeCompare(cellText(b), "zh-Hans-CN", { numeric: true });
}

/**
 * A filter "column=value" (the column by its id or its header in the page's language): the rows
 * whose cell in that column is exactly the value (a chart's bar opens its rows so). Else null.
 */
function exactFilter(table, filter) {
  const at = filter.indexOf("=");
  if (at < 1) return null;
  const name = filter.slice(0, at).trim();
  const found = table.columns.find((each) => each === name || column(each) === name);
  const value = filter.slice(at + 1).trim();
  return found ? (row) => cellText(row[found]) === value : null;
}

/**
 * The rows of `table` the view shows: those containing `filter` in any cell (or, for
 * "column=value", exactly that value in that column), sorted by `sort`.
 */
export function shownRows(table, sort, filter) {
  const needle = filter.trim().toLowerCase();
  let rows = table.rows;
  const exact = exactFilter(table, filter);
  if (exact) rows = rows.filter(exact);
  else if (needle) {
    rows = rows.filter((row) => table.columns.some((name) => cellText(row[name]).toLowerCase().includes(needle)));
  }
  if (!sort) return rows;
  const descending = sort.startsWith("-");
  const name = descending ? sort.slice(1) : sort;
  return [...rows].sort((a, b) => compare(a[name], b[name]) * (descending ? -1 : 1));
}

/**
 * Whether a row belongs to the community the view shows alone: it names that community (by id,
 * key, shared communities or its place chain's community) or its node lies in it on the graph.
 * A row of a table that places rows in communities but names none here (a member whose
 * stairwells lie in no community) goes; a row of a table that does not (a department, a
 * cluster of people) stays unless its node lies in another community.
 */
function inCommunity(explorer, row) {
  const key = explorer.view.community;
  if (!key) return true;
  const id = key.slice(key.indexOf(":") + 1);
  const graph = explorer.graph;
  const name = graph.hasNode(key) ? graph.getNodeAttribute(key, "name") : null;
  const placed = row._key && graph.hasNode(row._key) ? graph.getNodeAttribute(row._key, "community") : null;
  const names = [row.community ?? []].flat();
  const ids = [row.community_id ?? [], row.shared_community_ids ?? []].flat();
  if (ids.includes(id) || row.community_key === key || (name && names.includes(name)) || placed === key) return true;
  const placesRows = ["community", "community_id", "community_key", "shared_community_ids"].some((column) => column in row);
  return !placesRows && !placed;
}

/** The table of the open overlay as the view shows it: {overlay, columns, rows, total}, or null. */
export function currentTable(explorer) {
  const overlay = openTable(explorer.view);
  const result = overlay && explorer.overlayData.ready(overlay.id);
  if (!result) return null;
  const graph = explorer.graph;
  const nameOf = (key) => (graph.hasNode(key) ? graph.getNodeAttribute(key, "name") ?? null : null);
  const table = withChains(overlay, overlay.table(result.body, nameOf), result.chains);
  const local = { ...table, rows: table.rows.filter((row) => inCommunity(explorer, row)) };
  const rows = shownRows(local, explorer.view.tableSort, explorer.view.tableFilter);
  return { overlay, columns: table.columns, rows, total: table.rows.length, note: table.note };
}

/** Write the table as shown to a CSV or Excel file, headers in the page language. */
export function exportTable(explorer, format = "csv") {
  const table = currentTable(explorer);
  if (!table) return;
  const name = table.overlay.analysis ?? table.overlay.id;
  // Excel keeps numbers as numbers (to sort and total); CSV is text anyway.
  const value = (v) => (format === "xlsx" && typeof v === "number" ? v : cellText(v));
  const lines = [table.columns.map(column), ...table.rows.map((row) => table.columns.map((c) => value(row[c])))];
  if (format === "xlsx") downloadXLSX(lines, name, pick(table.overlay.title));
  else downloadCSV(lines, name);
}

function button(text, className, onClick) {
  const b = document.createElement("button");
  b.textContent = text;
  b.className = className;
  b.addEventListener("click", onClick);
  return b;
}

/** The filter box, kept across redraws so typing keeps its focus. */
function filterBox(explorer, section) {
  let input = section.querySelector("input.table-filter");
  if (!input) {
    input = document.createElement("input");
    input.type = "search";
    input.className = "table-filter";
    let timer = null;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => explorer.state.set({ tableFilter: input.value }), FILTER_DELAY_MS);
    });
  }
  input.placeholder = t("filterRows");
  if (document.activeElement !== input) input.value = explorer.view.tableFilter;
  return input;
}

function head(explorer, columns) {
  const thead = document.createElement("thead");
  const tr = thead.insertRow();
  const sort = explorer.view.tableSort;
  for (const name of columns) {
    const th = document.createElement("th");
    th.dataset.column = name;
    const arrow = sort === name ? " ▲" : sort === `-${name}` ? " ▼" : "";
    th.textContent = `${column(name)}${arrow}`;
    // Ascending, then descending, then as it came.
    const next = sort === name ? `-${name}` : sort === `-${name}` ? "" : name;
    th.addEventListener("click", () => explorer.state.set({ tableSort: next }));
    tr.append(th);
  }
  return thead;
}

function body(explorer, table) {
  const tbody = document.createElement("tbody");
  for (const row of table.rows.slice(0, MAX_DRAWN)) {
    const tr = tbody.insertRow();
    if (row._key) {
      tr.dataset.key = row._key;
      tr.className = row._key === explorer.view.selected ? "selected" : "";
      tr.addEventListener("click", () => explorer.reveal(row._key));
    }
    for (const name of table.columns) tr.insertCell().textContent = cellText(row[name]);
  }
  return tbody;
}

export function renderFindings(explorer) {
  const section = document.querySelector("#findings");
  const overlay = openTable(explorer.view);
  section.hidden = !overlay;
  if (!overlay) return;
  const table = currentTable(explorer);
  const title = document.createElement("h2");
  title.textContent = pick(overlay.title);
  const count = document.createElement("span");
  count.className = "table-count";
  const bar = document.createElement("div");
  bar.className = "table-bar";
  bar.append(
    filterBox(explorer, section),
    button(t("exportTable"), "table-export", () => exportTable(explorer)),
    button(t("exportTableXlsx"), "table-export-xlsx", () => exportTable(explorer, "xlsx")),
    button("×", "table-close", () => explorer.state.set({ table: "", tableSort: "", tableFilter: "" })),
  );
  const scroller = document.createElement("div");
  scroller.className = "table-scroll";
  if (table) {
    count.textContent = `${table.rows.length} / ${table.total}`;
    const tableEl = document.createElement("table");
    tableEl.className = "findings";
    tableEl.append(head(explorer, table.columns), body(explorer, table));
    scroller.append(tableEl);
    if (table.note) {
      const note = document.createElement("div");
      note.className = "note table-note";
      note.textContent = table.note;
      scroller.append(note);
    }
    if (table.rows.length > MAX_DRAWN) {
      const note = document.createElement("div");
      note.className = "note";
      note.textContent = `${t("firstRows")} ${MAX_DRAWN}`;
      scroller.append(note);
    }
  } else {
    const status = explorer.overlayData.get(overlay.id);
    count.textContent = status?.status === "failed" ? `${t("overlayFailed")}: ${status.error}` : t("loading");
  }
  title.append(" ", count);
  section.replaceChildren(title, bar, scroller);
}
