// Export the view: the picture as PNG (with its legend), the rows behind it as CSV.
import { t } from "./i18n.js";
import { coveredShare } from "./node-kinds.js";
import { COLOURS, FONT_STACK } from "./palette.js";

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

/**
 * The view as one PNG canvas: sigma's layers drawn in order on white, then the legend's
 * entries. WebGL layers keep no drawing buffer, so render and copy in the same task.
 */
export function composePNG(explorer) {
  const sigma = explorer.sigma;
  const { width, height } = sigma.getDimensions();
  const ratio = window.devicePixelRatio || 1;
  const canvas = document.createElement("canvas");
  canvas.width = width * ratio;
  canvas.height = height * ratio;
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = COLOURS.paper;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  sigma.refresh({ skipIndexation: true });
  const layers = sigma.getCanvases();
  for (const name of ["edges", "edgeLabels", "nodes", "labels", "hovers", "hoverNodes"]) {
    if (layers[name]) ctx.drawImage(layers[name], 0, 0, canvas.width, canvas.height);
  }
  ctx.scale(ratio, ratio);
  ctx.font = `12px ${FONT_STACK}`;
  let y = 18;
  ctx.fillStyle = COLOURS.ink;
  ctx.fillText(t("title"), 10, y);
  for (const row of document.querySelectorAll("#legend .legend-row")) {
    y += 16;
    const swatch = row.querySelector(".swatch");
    ctx.fillStyle = swatch?.style.background || COLOURS.types.Other;
    ctx.beginPath();
    ctx.arc(16, y - 4, 5, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = COLOURS.ink;
    ctx.fillText(row.textContent, 26, y);
  }
  return canvas;
}

export function exportPNG(explorer) {
  composePNG(explorer).toBlob((blob) => download(blob, `quhua-explorer-${stamp()}.png`), "image/png");
}

const csvCell = (value) => {
  const text = value == null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
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

export function exportCSV(explorer) {
  const rows = viewRows(explorer);
  const columns = ["key", "label", "id", "name", "community", "stairwells", "covered_stairwells", "households", "covered_share", "colour_class", "marked_by"];
  downloadCSV([columns, ...rows.map((row) => columns.map((c) => row[c]))], "quhua-explorer");
}
