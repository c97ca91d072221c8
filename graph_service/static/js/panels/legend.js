// The legend: what every colour on screen means, read from the same palette and overlay table
// that colour the graph, with how many nodes each overlay's marks cover.
import { pick, t } from "../i18n.js";
import { filterType } from "../node-kinds.js";
import { activeOverlays, markColour } from "../overlays.js";
import { COLOURS, COVERAGE_STOPS } from "../palette.js";

function group(box, title) {
  const div = document.createElement("div");
  div.className = "legend-group";
  const b = document.createElement("b");
  b.textContent = title;
  div.append(b);
  box.append(div);
  return div;
}

function swatchRow(parent, colour, text) {
  const row = document.createElement("div");
  row.className = "legend-row";
  const swatch = document.createElement("span");
  swatch.className = "swatch";
  swatch.style.background = colour;
  row.append(swatch, text);
  parent.append(row);
}

/** [colour, text] for each kind of mark the overlays switched on have made, with its count. */
function markRows(explorer) {
  const rows = [];
  for (const overlay of activeOverlays(explorer.view)) {
    const result = explorer.overlayData.ready(overlay.id);
    if (overlay.kind === "colouring" || !result) continue;
    const counts = new Map();
    for (const category of result.marks.values()) counts.set(category, (counts.get(category) ?? 0) + 1);
    // An action lists every category, so that "none" is an answer too.
    const categories = overlay.kind === "action" ? Object.keys(overlay.categories) : [...counts.keys()];
    const listed = overlay.counts?.(result.body); // the overlay's own counts, else marked nodes
    for (const category of categories) {
      const meaning = overlay.categories?.[category]?.meaning ?? overlay.meaning;
      const count = listed ? listed[category] : counts.get(category);
      rows.push([markColour(overlay, category), `${pick(meaning)} (${count ?? 0})`]);
    }
  }
  return rows;
}

function coverageLegend(box, colouring) {
  const coverage = group(box, colouring ? `${t("coverage")} (${t("overlayOff")})` : t("coverage"));
  const bar = document.createElement("div");
  bar.className = "gradient";
  const low = COVERAGE_STOPS[0][0];
  const at = (share) => ((share - low) / (1 - low)) * 100;
  bar.style.background = `linear-gradient(to right, ${COVERAGE_STOPS.map(([s, c]) => `rgb(${c.join(",")}) ${at(s)}%`).join(", ")})`;
  const scale = document.createElement("div");
  scale.className = "gradient-scale";
  for (const [share] of COVERAGE_STOPS) {
    const tick = document.createElement("span");
    tick.textContent = `${share === low ? "≤" : ""}${Math.round(share * 100)}%`;
    scale.append(tick);
  }
  coverage.append(bar, scale);
  swatchRow(coverage, COLOURS.noStairwells, t("coverageNone"));
}

function typeLegend(box, graph) {
  const types = group(box, t("types"));
  const shown = new Set(graph.mapNodes((key, attrs) => attrs.label));
  for (const [type, colour] of Object.entries(COLOURS.types)) {
    if (shown.has(type) || (type === "Other" && [...shown].some((l) => filterType(l) === "Other" && !(l in COLOURS.types)))) {
      swatchRow(types, colour, t(type));
    }
  }
  if (graph.someEdge((edge, attrs) => attrs.events != null)) {
    swatchRow(types, COLOURS.pairing, t("pairingEdge"));
  }
}

export function renderLegend(explorer) {
  const box = document.querySelector("#legend");
  box.replaceChildren();
  const marks = markRows(explorer);
  if (marks.length) {
    const div = group(box, t("overlays"));
    for (const [colour, text] of marks) swatchRow(div, colour, text);
    swatchRow(div, COLOURS.faded, t("faded"));
  }
  const colourings = activeOverlays(explorer.view).filter((overlay) => overlay.kind === "colouring");
  for (const overlay of colourings) {
    const div = group(box, pick(overlay.title));
    for (const [colour, text] of overlay.legendRows()) swatchRow(div, colour, text);
  }
  coverageLegend(box, colourings.length > 0);
  typeLegend(box, explorer.graph);
}
