// The explorer page: wires the graph, the panels and the view state together.
import { analysesApi, ApiMissing, graphApi, loadRoutes, splitKey } from "./api.js";
import { drawDashboards } from "./dashboards.js";
import { renderDetails } from "./details.js";
import { exportCSV, exportPNG } from "./export.js";
import { COLOURS, COVERAGE_STOPS, FILTER_TYPES, GraphView, PLACE_LABELS, filterType } from "./graph-view.js";
import { applyStatic, currentLang, onLangChange, pick, setLang, t } from "./i18n.js";
import { FIVE_COLOURS, OVERLAYS, REBALANCE, WHAT_IF, analysisFor, loadCatalogue, loadOverlay, markColour, overlayById } from "./overlays.js";
import { setupSearch } from "./search.js";
import { viewFromURL, writeURL } from "./state.js";

const $ = (selector) => document.querySelector(selector);

class Explorer {
  constructor() {
    this.view = viewFromURL();
    this.overlayData = new Map(); // overlay id -> {status, marks, rows, columns, total, error}
    this.whatIf = null; // {removed: Set, dark: Set, body}
    this.plan = null; // rebalancing plan body, with {moved: Set}
    this.graphView = new GraphView($("#graph"), this.view, (key, attrs) => this.styleOf(key, attrs));
    this.sigma = this.graphView.sigma;
    this.graph = this.graphView.graph;
  }

  /** The colour an overlay marks nodes with. */
  overlayColour(id) {
    return overlayById(id)?.colour;
  }

  /** Overlay styling of one node: marked in an overlay colour, faded, or recoloured. */
  styleOf(key, attrs) {
    const marking = [];
    if (this.whatIf) marking.push(this.whatIf.removed.has(key) ? WHAT_IF.removed : this.whatIf.dark.has(key) ? WHAT_IF.dark : null);
    if (this.plan && this.view.rebalance) marking.push(this.plan.moved.has(key) ? REBALANCE.moved : null);
    for (const id of this.view.overlays) {
      const overlay = overlayById(id);
      const data = this.overlayData.get(id);
      if (overlay?.kind === "marks" && data?.status === "ready") {
        marking.push(data.marks.has(key) ? markColour(overlay, data.marks.get(key)) : null);
      }
    }
    const colour = marking.find(Boolean);
    if (colour) return { colour, marked: true };
    if (marking.length) return { fade: true };
    if (this.view.overlays.has("fivecolour")) {
      // Only grids carry the five colours; other places step back so no colour means two things.
      if (attrs.label === "Grid") return { colour: FIVE_COLOURS[attrs.colour] ?? COLOURS.noStairwells };
      if (PLACE_LABELS.includes(attrs.label)) return { colour: COLOURS.neutral };
    }
    return undefined;
  }

  async start() {
    applyStatic();
    $("#lang").addEventListener("click", () => setLang(currentLang() === "zh" ? "en" : "zh"));
    onLangChange(() => this.render());
    this.bindGraphEvents();
    this.bindToolbar();
    setupSearch(this);
    this.busy(true);
    try {
      await loadRoutes();
      const [overview] = await Promise.all([graphApi.overview(), loadCatalogue()]);
      this.graphView.merge(overview);
      await this.restore();
    } catch (error) {
      this.message(`${t("error")}: ${error.message}`, true);
    } finally {
      this.busy(false);
    }
    this.render();
    if (this.view.camera) this.sigma.getCamera().setState(this.view.camera);
    else if (this.view.selected) this.graphView.focus(this.view.selected);
    this.trackCamera();
    this.ready = true;
  }

  /** Keep where the camera looks in the URL too (after it settles), so a link reopens it. */
  trackCamera() {
    let timer = null;
    this.sigma.getCamera().on("updated", (state) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const { x, y, ratio } = state;
        const home = Math.abs(x - 0.5) < 1e-3 && Math.abs(y - 0.5) < 1e-3 && Math.abs(ratio - 1) < 1e-3;
        this.view.camera = home ? null : { x, y, ratio };
        writeURL(this.view);
      }, 300);
    });
  }

  /** Reopen what the URL names, in the order it was opened. */
  async restore() {
    const view = this.view;
    for (const key of view.opened) await this.openChildren(key, { remember: false });
    for (const key of view.subtrees) await this.openSubtree(key, { remember: false });
    for (const key of view.neighbourhoods) await this.expandNeighbourhood(key, { remember: false });
    if (view.selected && !this.graph.hasNode(view.selected)) await this.reveal(view.selected);
    await Promise.all([...view.overlays].map((id) => this.loadOverlayData(id)));
    if (view.removed.length) await this.runWhatIf(view.removed);
    if (view.rebalance) await this.runRebalance();
  }

  bindGraphEvents() {
    this.sigma.on("clickNode", ({ node }) => this.select(node));
    this.sigma.on("clickStage", () => this.select(null));
    this.sigma.on("doubleClickNode", (event) => {
      event.preventSigmaDefault();
      this.openChildren(event.node);
    });
    this.sigma.on("enterNode", () => ($("#graph").style.cursor = "pointer"));
    this.sigma.on("leaveNode", () => ($("#graph").style.cursor = ""));
  }

  bindToolbar() {
    $("#reset").addEventListener("click", () => {
      window.location.search = "";
    });
    $("#copy-link").addEventListener("click", async () => {
      writeURL(this.view);
      try {
        await navigator.clipboard.writeText(window.location.href);
        this.message(t("linkCopied"));
      } catch {
        this.message(window.location.href);
      }
    });
    $("#export-png").addEventListener("click", () => exportPNG(this));
    $("#export-csv").addEventListener("click", () => exportCSV(this));
    $("#community-filter").addEventListener("change", (event) => {
      this.view.community = event.target.value;
      this.changed();
    });
  }

  busy(on) {
    $("#busy").hidden = !on;
  }

  message(text, isError = false) {
    // Errors go to the console too, where the browser tests (and developers) look for them.
    if (isError) console.error(text);
    const box = $("#message");
    box.textContent = text;
    box.className = isError ? "message error" : "message";
    box.hidden = !text;
    clearTimeout(this.messageTimer);
    if (text && !isError) this.messageTimer = setTimeout(() => (box.hidden = true), 6000);
  }

  /** The view changed: redraw, rewrite the URL and the panels. */
  changed() {
    writeURL(this.view);
    this.render();
  }

  render() {
    this.graphView.refresh();
    this.renderOverlayList();
    this.renderFilters();
    this.renderLegend();
    renderDetails(this);
    drawDashboards(this);
    $("#element-count").textContent = String(this.countOnScreen());
  }

  countOnScreen() {
    const visible = new Set(this.graphView.visibleNodes());
    const edges = this.graph.filterEdges((edge, attrs, source, target) => visible.has(source) && visible.has(target));
    return visible.size + edges.length;
  }

  select(key) {
    this.view.selected = key;
    this.changed();
  }

  async openChildren(key, { remember = true } = {}) {
    const [label] = splitKey(key);
    if (!["Street", "Community", "Grid", "Building", "Stairwell"].includes(label)) return;
    this.busy(true);
    try {
      const slice = await graphApi.children(key);
      this.graphView.merge(slice, key);
      if (remember && !this.view.opened.includes(key)) this.view.opened.push(key);
      if (remember) this.fitAfterRender([key, ...slice.nodes.map((node) => node.key)]);
    } catch (error) {
      this.message(`${t("error")}: ${error.message}`, true);
    } finally {
      this.busy(false);
    }
    if (remember) this.changed();
  }

  /** Open a place down to its stairwells, with the people liaising with them. */
  async openSubtree(key, { remember = true } = {}) {
    this.busy(true);
    try {
      const started = performance.now();
      const slice = await graphApi.subtree(key, true);
      this.graphView.merge(slice, key);
      this.lastLoadMs = performance.now() - started;
      if (remember && !this.view.subtrees.includes(key)) this.view.subtrees.push(key);
      if (remember) this.fitAfterRender([key, ...slice.nodes.map((node) => node.key)]);
    } catch (error) {
      this.message(`${t("error")}: ${error.message}`, true);
    } finally {
      this.busy(false);
    }
    if (remember) this.changed();
  }

  /** Fit the camera to nodes once sigma has drawn them (it knows their positions then). */
  fitAfterRender(keys) {
    this.sigma.once("afterRender", () => this.graphView.fit(keys));
  }

  async expandNeighbourhood(key, { remember = true } = {}) {
    this.busy(true);
    try {
      this.graphView.merge(await analysesApi.neighbourhood(key, 1), key);
      if (remember && !this.view.neighbourhoods.includes(key)) this.view.neighbourhoods.push(key);
    } catch (error) {
      const text = error instanceof ApiMissing ? `${t("expandNeighbours")}: ${t("apiMissing")} (/api/v1/nodes/…/neighborhood)` : `${t("error")}: ${error.message}`;
      this.message(text, !(error instanceof ApiMissing));
    } finally {
      this.busy(false);
    }
    if (remember) this.changed();
  }

  /** Bring a node onto the screen (places with their chain), select it and move to it. */
  async reveal(key) {
    const [label] = splitKey(key);
    if (!this.graph.hasNode(key)) {
      try {
        if (PLACE_LABELS.includes(label) && label !== "Street" && label !== "Community") {
          this.graphView.merge(await graphApi.chains([key]));
        } else {
          this.graphView.merge(await analysesApi.neighbourhood(key, 1));
          if (!this.view.neighbourhoods.includes(key)) this.view.neighbourhoods.push(key);
        }
      } catch (error) {
        this.message(`${t("error")}: ${error.message}`, true);
        return;
      }
    }
    this.view.selected = key;
    this.changed();
    this.graphView.focus(key);
  }

  async toggleOverlay(id, on) {
    if (on) this.view.overlays.add(id);
    else this.view.overlays.delete(id);
    this.changed();
    if (on) {
      await this.loadOverlayData(id);
      this.changed();
    }
  }

  async loadOverlayData(id) {
    const overlay = overlayById(id);
    if (!overlay || overlay.kind !== "marks" || this.overlayData.get(id)?.status === "ready") return;
    this.overlayData.set(id, { status: "loading" });
    this.renderOverlayList();
    try {
      this.overlayData.set(id, { status: "ready", ...(await loadOverlay(overlay, this.graphView)) });
    } catch (error) {
      this.overlayData.set(id, { status: error instanceof ApiMissing ? "missing" : "failed", error: error.message });
    }
  }

  /** What-if: remove people or departments and mark the stairwells that lose every liaison. */
  async runWhatIf(keys) {
    this.busy(true);
    try {
      const body = await analysesApi.whatIf(keys);
      const dark = (body.stairwells ?? []).map((s) => s.key ?? `Stairwell:${s.id}`);
      const missing = dark.filter((key) => !this.graph.hasNode(key));
      if (missing.length) this.graphView.merge(await graphApi.chains(missing));
      this.whatIf = { removed: new Set(keys), dark: new Set(dark), body };
      this.view.removed = keys;
    } catch (error) {
      this.whatIf = null;
      this.view.removed = [];
      const missing = error instanceof ApiMissing;
      this.message(`${pick(WHAT_IF.title)}: ${missing ? `${t("apiMissing")} (/api/v1/what-if)` : error.message}`, !missing);
    } finally {
      this.busy(false);
    }
    this.changed();
  }

  clearWhatIf() {
    this.whatIf = null;
    this.view.removed = [];
    this.changed();
  }

  /** The rebalancing plan: stairwells that would change hands, and loads before and after. */
  async runRebalance() {
    this.busy(true);
    try {
      const body = await analysesApi.rebalance({ scope: "grid" });
      const moved = new Set(body.moves.map((move) => move.stairwell_key));
      const missing = [...moved].filter((key) => !this.graph.hasNode(key));
      if (missing.length) this.graphView.merge(await graphApi.chains(missing));
      this.plan = { ...body, moved };
      this.view.rebalance = true;
    } catch (error) {
      this.plan = null;
      this.view.rebalance = false;
      const missing = error instanceof ApiMissing;
      this.message(`${pick(REBALANCE.title)}: ${missing ? `${t("apiMissing")} (/api/v1/plans/rebalance)` : error.message}`, !missing);
    } finally {
      this.busy(false);
    }
    this.changed();
  }

  renderOverlayList() {
    const box = $("#overlay-list");
    box.replaceChildren();
    for (const overlay of OVERLAYS) {
      const data = this.overlayData.get(overlay.id);
      const available = overlay.kind === "colouring" || analysisFor(overlay) !== null;
      const row = document.createElement("label");
      row.className = available ? "overlay" : "overlay unavailable";
      row.dataset.overlay = overlay.id;
      const box_ = document.createElement("input");
      box_.type = "checkbox";
      box_.checked = this.view.overlays.has(overlay.id);
      box_.disabled = !available;
      box_.addEventListener("change", () => this.toggleOverlay(overlay.id, box_.checked));
      const text = document.createElement("span");
      text.textContent = pick(overlay.title);
      const state = document.createElement("span");
      state.className = "state";
      if (!available) state.textContent = t("unavailable");
      else if (data?.status === "loading") state.textContent = t("loading");
      else if (data?.status === "ready" && this.view.overlays.has(overlay.id)) {
        const onScreen = [...data.marks.keys()].filter((key) => this.graph.hasNode(key)).length;
        const count = onScreen === data.marks.size ? `${onScreen}` : `${onScreen}/${data.marks.size}`;
        state.textContent = `${count} ${t("overlayMarked")} · `;
        // The analysis's own rows, every one, as the API writes them (UTF-8 with a BOM).
        const csv = document.createElement("a");
        csv.href = `/api/v1/analyses/${encodeURIComponent(data.analysis)}?format=csv`;
        csv.textContent = "CSV";
        csv.download = `${data.analysis}.csv`;
        state.append(csv);
      } else if (data?.status === "failed" || data?.status === "missing") {
        state.textContent = `${t("overlayFailed")}: ${data.error}`;
      }
      text.append(state);
      row.append(box_, text);
      box.append(row);
      if (overlay.top && data?.status === "ready" && this.view.overlays.has(overlay.id)) {
        box.append(this.topRows(overlay, data));
      }
    }
    box.append(this.actionRow(pick(REBALANCE.title), this.view.rebalance, (on) => {
      if (on) this.runRebalance();
      else {
        this.view.rebalance = false;
        this.changed();
      }
    }));
  }

  /** The overlay's worst rows as a list; choosing one shows it (and, for SPOF, removes it). */
  topRows(overlay, data) {
    const list = document.createElement("ol");
    list.className = "top-rows";
    list.dataset.overlay = overlay.id;
    const caption = document.createElement("div");
    caption.className = "note";
    caption.textContent = pick(overlay.top.caption);
    list.append(caption);
    for (const row of data.rows.slice(0, overlay.top.count)) {
      const key = row.node_key;
      const item = document.createElement("li");
      item.dataset.key = key;
      item.textContent = overlay.top.text(row);
      item.addEventListener("click", async () => {
        await this.reveal(key);
        if (overlay.top.action === "whatIf") await this.runWhatIf([key]);
      });
      list.append(item);
    }
    return list;
  }

  actionRow(title, checked, onChange) {
    const row = document.createElement("label");
    row.className = "overlay";
    row.dataset.overlay = "rebalance";
    const input = document.createElement("input");
    input.type = "checkbox";
    input.checked = checked;
    input.addEventListener("change", () => onChange(input.checked));
    const text = document.createElement("span");
    text.textContent = title;
    row.append(input, text);
    return row;
  }

  renderFilters() {
    const select = $("#community-filter");
    const communities = this.graph.filterNodes((key, attrs) => attrs.label === "Community");
    select.replaceChildren(new Option(t("allCommunities"), ""));
    for (const key of communities) select.append(new Option(this.graph.getNodeAttribute(key, "name"), key));
    select.value = this.view.community;
    const box = $("#type-filters");
    box.replaceChildren();
    for (const type of FILTER_TYPES) {
      const label = document.createElement("label");
      const input = document.createElement("input");
      input.type = "checkbox";
      input.dataset.type = type;
      input.checked = !this.view.hiddenTypes.has(type);
      input.addEventListener("change", () => {
        if (input.checked) this.view.hiddenTypes.delete(type);
        else this.view.hiddenTypes.add(type);
        this.changed();
      });
      label.append(input, ` ${t(type)}`);
      box.append(label);
    }
  }

  renderLegend() {
    const box = $("#legend");
    box.replaceChildren();
    const group = (title) => {
      const div = document.createElement("div");
      div.className = "legend-group";
      const b = document.createElement("b");
      b.textContent = title;
      div.append(b);
      box.append(div);
      return div;
    };
    const swatchRow = (parent, colour, text) => {
      const row = document.createElement("div");
      row.className = "legend-row";
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = colour;
      row.append(swatch, text);
      parent.append(row);
    };
    const marks = [];
    if (this.whatIf) {
      marks.push([WHAT_IF.removed, `${t("removed")} (${this.whatIf.removed.size})`]);
      marks.push([WHAT_IF.dark, `${t("goesDark")} (${this.whatIf.dark.size})`]);
    }
    if (this.plan && this.view.rebalance) marks.push([REBALANCE.moved, `${pick(REBALANCE.title)}: ${t("moves")} (${this.plan.moved.size})`]);
    for (const id of this.view.overlays) {
      const overlay = overlayById(id);
      const data = this.overlayData.get(id);
      if (overlay?.kind === "marks" && data?.status === "ready") {
        const counts = new Map();
        for (const category of data.marks.values()) counts.set(category, (counts.get(category) ?? 0) + 1);
        for (const [category, count] of counts) {
          const meaning = overlay.categories?.[category]?.meaning ?? overlay.meaning;
          marks.push([markColour(overlay, category), `${pick(meaning)} (${count})`]);
        }
      }
    }
    if (marks.length) {
      const div = group(t("overlays"));
      for (const [colour, text] of marks) swatchRow(div, colour, text);
      swatchRow(div, COLOURS.faded, t("faded"));
    }
    const fiveColour = this.view.overlays.has("fivecolour");
    if (fiveColour) {
      const div = group(pick(overlayById("fivecolour").title));
      for (const [name, colour] of Object.entries(FIVE_COLOURS)) swatchRow(div, colour, t(name));
      swatchRow(div, COLOURS.neutral, t("otherPlaces"));
    }
    this.renderCoverageLegend(group, swatchRow, fiveColour);
    this.renderTypeLegend(group, swatchRow);
  }

  renderCoverageLegend(group, swatchRow, fiveColour) {
    const coverage = group(fiveColour ? `${t("coverage")} (${t("overlayOff")})` : t("coverage"));
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

  renderTypeLegend(group, swatchRow) {
    const types = group(t("types"));
    const shown = new Set(this.graph.mapNodes((key, attrs) => attrs.label));
    for (const [type, colour] of Object.entries(COLOURS.types)) {
      if (shown.has(type) || (type === "Other" && [...shown].some((l) => filterType(l) === "Other" && !(l in COLOURS.types)))) {
        swatchRow(types, colour, t(type));
      }
    }
    if (this.graph.someEdge((edge, attrs) => attrs.events != null)) {
      swatchRow(types, COLOURS.pairing, t("pairingEdge"));
    }
  }
}

const explorer = new Explorer();
// For people and for the browser tests: the live explorer (graph, sigma, view state).
window.explorer = explorer;
explorer.start();
