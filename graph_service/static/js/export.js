// Export the view: the picture as PNG (with its legend), the rows behind it as CSV or Excel.
import { currentLang, pick, t } from "./i18n.js";
import { activeOverlays } from "./overlays.js";
import { coveredShare } from "./node-kinds.js";
import { COLOURS, FONT_STACK } from "./palette.js";
import { workbook } from "./xlsx.js";

function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const stamp = () => new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");

/** What the picture shows, line by line, for its caption band: title and scope, when,
 * the overlays switched on, the filters, a what-if and a plan. */
function captionLines(explorer) {
  const view = explorer.view;
  const graph = explorer.graph;
  const nameOf = (key) => (graph.hasNode(key) ? graph.getNodeAttribute(key, "name") ?? key : key);
  const scope = view.community || graph.filterNodes((_, attrs) => attrs.label === "Street")[0];
  const lines = [
    `${t("title")} · ${t("shownScope")}: ${scope ? nameOf(scope) : t("none")}`,
    `${t("capturedAt")}: ${new Date().toLocaleString(currentLang() === "zh" ? "zh-CN" : "en-GB")}`,
  ];
  const overlays = activeOverlays(view).map((overlay) => pick(overlay.title));
  lines.push(`${t("shownOverlays")}: ${overlays.length ? overlays.join("、") : t("none")}`);
  const filters = [...view.hiddenTypes].map((type) => t(type));
  const shown = filters.length ? `${t("hiddenTypes")} ${filters.join("、")}` : t("none");
  lines.push(`${t("shownFilters")}: ${shown}`);
  if (view.removed.length) lines.push(`${t("removedNodes")}: ${view.removed.map(nameOf).join("、")}`);
  if (view.rebalance) lines.push(t("planShown"));
  return lines;
}

/**
 * The view as one PNG: the graph as drawn (sigma's layers in order on white, WebGL layers
 * copied in the same task, as they keep no drawing buffer), and below it, never over it, a
 * caption band with the title, scope, time, overlays, filters and the legend's entries.
 */
export function composePNG(explorer) {
  const sigma = explorer.sigma;
  const { width, height } = sigma.getDimensions();
  const ratio = window.devicePixelRatio || 1;
  const lines = captionLines(explorer);
  const legend = [...document.querySelectorAll("#legend .legend-row")];
  const columns = Math.max(1, Math.floor(width / 220));
  const lineHeight = 16;
  const band = 12 + lines.length * lineHeight + 8 + Math.ceil(legend.length / columns) * lineHeight + 8;
  const canvas = document.createElement("canvas");
  canvas.width = width * ratio;
  canvas.height = (height + band) * ratio;
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = COLOURS.paper;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  sigma.refresh({ skipIndexation: true });
  const layers = sigma.getCanvases();
  for (const name of ["edges", "edgeLabels", "nodes", "labels", "hovers", "hoverNodes"]) {
    if (layers[name]) ctx.drawImage(layers[name], 0, 0, width * ratio, height * ratio);
  }
  ctx.scale(ratio, ratio);
  ctx.strokeStyle = COLOURS.edge;
  ctx.beginPath();
  ctx.moveTo(0, height + 0.5);
  ctx.lineTo(width, height + 0.5);
  ctx.stroke();
  let y = height + 12;
  ctx.fillStyle = COLOURS.ink;
  lines.forEach((line, index) => {
    ctx.font = `${index === 0 ? "bold 13px" : "12px"} ${FONT_STACK}`;
    y += lineHeight;
    ctx.fillText(line, 10, y - 4);
  });
  ctx.font = `12px ${FONT_STACK}`;
  y += 8;
  const columnWidth = width / columns;
  legend.forEach((row, index) => {
    const x = 10 + (index % columns) * columnWidth;
    const rowY = y + Math.floor(index / columns) * lineHeight + lineHeight;
    const swatch = row.querySelector(".swatch");
    ctx.fillStyle = swatch?.style.background || COLOURS.types.Other;
    ctx.beginPath();
    ctx.arc(x + 6, rowY - 8, 5, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = COLOURS.ink;
    ctx.fillText(row.textContent, x + 16, rowY - 4);
  });
  return canvas;
}

export function exportPNG(explorer) {
  composePNG(explorer).toBlob((blob) => download(blob, `quhua-explorer-${stamp()}.png`), "image/png");
}

// Text a spreadsheet would run as a formula (= + - @ tab CR) gets Excel's text mark, a leading ',
// as in the service's own CSV (graph_service/roster/values.py: neutralised); numbers stay numbers.
const neutralised = (text) => (/^[=+\-@\t\r']/.test(text) ? `'${text}` : text);

const csvCell = (value) => {
  const text = value == null ? "" : typeof value === "object" ? JSON.stringify(value) : typeof value === "string" ? neutralised(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** The rows of the view: every node on screen with its facts and the overlays marking it (ids). */
export function viewRows(explorer) {
  const graph = explorer.graph;
  return explorer.graphView.visibleNodes().map((key) => {
    const attrs = graph.getNodeAttributes(key);
    const share = coveredShare(attrs);
    const marks = explorer.overlayData.marking(explorer.view, key).map(([overlay]) => overlay.id);
    return {
      key, label: attrs.label, id: attrs.id, name: attrs.name,
      community: attrs.community ? graph.getNodeAttribute(attrs.community, "name") : "",
      stairwells: attrs.stairwells, covered_stairwells: attrs.covered_stairwells,
      households: attrs.households, covered_share: share == null ? "" : share.toFixed(3),
      colour_class: attrs.colour, marked_by: marks.join(" "),
    };
  });
}

/** Download `lines` (arrays of cells, the first the header) as `<name>-<time>.csv`. */
export function downloadCSV(lines, name) {
  const text = lines.map((cells) => cells.map(csvCell).join(",")).join("\r\n");
  // The byte-order mark makes Excel read the Chinese as UTF-8.
  download(new Blob(["\ufeff", text], { type: "text/csv;charset=utf-8" }), `${name}-${stamp()}.csv`);
}

/** Download `lines` (arrays of cells, the first the header) as `<name>-<time>.xlsx`. */
export function downloadXLSX(lines, name, sheet) {
  download(workbook(lines, sheet), `${name}-${stamp()}.xlsx`);
}

export function exportCSV(explorer) {
  const rows = viewRows(explorer);
  const columns = ["key", "label", "id", "name", "community", "stairwells", "covered_stairwells", "households", "covered_share", "colour_class", "marked_by"];
  downloadCSV([columns, ...rows.map((row) => columns.map((c) => row[c]))], "quhua-explorer");
}
