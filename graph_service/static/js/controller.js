// The explorer's controller: owns the view state, the graph and the overlays' results, turns
// what the analyst does into view changes and slices from the server, and redraws the panels.
import { analysesApi, graphApi } from "./api.js";
import { GraphView } from "./graph-view.js";
import { mergeInPlace } from "./in-place.js";
import { applyStatic, onLangChange, pick, t } from "./i18n.js";
import { PLACE_LABELS, WITH_CHILDREN, splitKey } from "./node-kinds.js";
import { OverlayResults } from "./overlay-results.js";
import { OVERLAYS, overlayById } from "./overlays.js";
import { drawDashboards } from "./panels/dashboards.js";
import { renderDetails } from "./panels/details.js";
import { bindHistory, renderHistory } from "./panels/history.js";
import { bindNavigation, renderNavigation } from "./panels/navigation.js";
import { bindDrill } from "./panels/drill.js";
import { bindFilters, renderFilters } from "./panels/filters.js";
import { renderFindings } from "./panels/findings.js";
import { renderHeadlines } from "./panels/headlines.js";
import { renderLegend } from "./panels/legend.js";
import { renderOverlayList } from "./panels/overlay-list.js";
import { bindQuestions, renderQuestions } from "./panels/questions.js";
import { bindSearch } from "./panels/search.js";
import { renderCount, showBusy, showMessage } from "./panels/status.js";
import { bindToolbar } from "./panels/toolbar.js";
import { ViewState, excluding, including, stepsBack } from "./state.js";

export class Explorer {
  constructor(container) {
    this.state = new ViewState();
    this.graphView = new GraphView(
      container,
      this.state,
      (key, attrs) => this.overlayData.styleOf(this.view, key, attrs),
      (source, target) => this.overlayData.edgeStyleOf(this.view, source, target),
    );
    this.sigma = this.graphView.sigma;
    this.graph = this.graphView.graph;
    this.overlayData = new OverlayResults(this.graphView, {
      changed: () => this.ready && this.render(),
      busy: (on) => this.busy(on),
      failed: (overlay, error) => {
        this.message(`${pick(overlay.title)}: ${error.message}`, true);
        this.state.set(overlay.switch(this.view, false));
      },
    });
    this.state.onChange((fields) => this.viewChanged(fields));
  }

  /** The view state now (change it through `state.set`). */
  get view() {
    return this.state.view;
  }

  /** The analyses the page offers, by name (for the browser tests and the console). */
  analysesOffered() {
    return OVERLAYS.map((overlay) => overlay.analysis).filter(Boolean);
  }

  /** The colour an overlay marks nodes with (for the browser tests and the console). */
  overlayColour(id) {
    return overlayById(id)?.colour;
  }

  async start() {
    this.timeFirstGraph();
    applyStatic();
    onLangChange(() => {
      this.state.relink();
      this.render();
    });
    this.bindGraphEvents();
    bindToolbar(this);
    bindFilters(this);
    bindSearch(this);
    bindHistory(this);
    bindNavigation(this);
    bindQuestions(this);
    bindDrill(this);
    this.busy(true);
    try {
      this.graphView.merge(await graphApi.overview());
      await this.restore();
    } catch (error) {
      this.message(`${t("error")}: ${error.message}`, true);
    } finally {
      this.busy(false);
    }
    this.state.relink(); // the link names the language from the start
    this.render();
    if (this.view.camera) this.graphView.showArea(this.view.camera);
    else if (this.view.selected) this.graphView.focus(this.view.selected);
    this.trackCamera();
    // Back and Forward: the address bar names an earlier view; open what it needs.
    window.addEventListener("popstate", async () => {
      this.state.followURL();
      this.state.relink(); // an earlier step keeps the language chosen since
      await this.restore();
      if (this.view.camera) this.graphView.showArea(this.view.camera);
      this.render();
    });
    this.ready = true;
  }

  /**
   * Note when the graph is first drawn with nodes, in ms since the page was asked for
   * (`firstGraphMs`; the browser tests report it).
   */
  timeFirstGraph() {
    const drawn = () => {
      if (!this.graph.order) return;
      this.firstGraphMs = performance.now();
      this.sigma.off("afterRender", drawn);
    };
    this.sigma.on("afterRender", drawn);
  }

  /** Reopen what the URL names, in the order it was opened. */
  async restore() {
    const view = this.view;
    for (const key of view.opened) await this.openChildren(key, { remember: false });
    for (const key of view.subtrees) await this.openSubtree(key, { remember: false });
    for (const key of view.neighbourhoods) await this.expandNeighbourhood(key, { remember: false });
    if (view.selected && !this.graph.hasNode(view.selected)) await this.reveal(view.selected);
    await this.overlayData.sync(this.view);
  }

  /** Keep where the camera looks in the view too (after it settles), so a link reopens it. */
  trackCamera() {
    let timer = null;
    this.sigma.getCamera().on("updated", (camera) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const { x, y, ratio } = camera;
        const home = Math.abs(x - 0.5) < 1e-3 && Math.abs(y - 0.5) < 1e-3 && Math.abs(ratio - 1) < 1e-3;
        this.state.set({ camera: home ? null : this.graphView.shownArea() });
      }, 300);
    });
  }

  bindGraphEvents() {
    const container = this.sigma.getContainer();
    this.sigma.on("clickNode", ({ node }) => this.select(node));
    this.sigma.on("clickStage", () => this.select(null));
    this.sigma.on("doubleClickNode", (event) => {
      event.preventSigmaDefault();
      this.openChildren(event.node);
    });
    this.sigma.on("enterNode", () => (container.style.cursor = "pointer"));
    this.sigma.on("leaveNode", () => (container.style.cursor = ""));
  }

  /** The view changed: fetch what its overlays need, and redraw (the camera redraws itself). */
  viewChanged(fields) {
    if (fields.length === 1 && fields[0] === "camera") return;
    if (this.ready) this.overlayData.sync(this.view);
    this.render();
  }

  render() {
    this.graphView.refresh();
    renderOverlayList(this);
    renderFilters(this);
    renderLegend(this);
    renderDetails(this);
    renderFindings(this);
    renderHeadlines(this);
    this.drawDashboardsSoon();
    renderHistory(this);
    renderNavigation(this);
    renderQuestions();
    renderCount(this.countOnScreen());
  }

  /**
   * The charts follow the graph: redrawn once after the next paint, however many renders asked
   * (re-plotting every chart on each render held up the graph by a fifth of a second or more).
   */
  drawDashboardsSoon() {
    if (this.dashboardsDue) return;
    this.dashboardsDue = true;
    requestAnimationFrame(() =>
      setTimeout(() => {
        this.dashboardsDue = false;
        drawDashboards(this);
      }),
    );
  }

  countOnScreen() {
    return this.graphView.countOnScreen();
  }

  busy(on) {
    showBusy(on);
  }

  message(text, isError = false) {
    showMessage(text, isError);
  }

  failed(error) {
    this.message(`${t("error")}: ${error.message}`, true);
  }

  select(key) {
    this.state.set({ selected: key });
  }

  /**
   * Merge a slice fetched by `fetchSlice` around `key`; with `remember`, add `key` to the view's
   * list `field` and fit the camera to what came. Errors are said, not thrown. `lastLoadMs` is
   * how long fetching and merging took (the browser benchmarks read it).
   */
  async open(key, fetchSlice, field, { remember = true, fit = true } = {}) {
    this.busy(true);
    let slice = null;
    try {
      const started = performance.now();
      slice = await fetchSlice();
      await mergeInPlace(this.graphView, [slice], { anchor: key, onError: (error) => this.failed(error) });
      this.lastLoadMs = performance.now() - started;
      if (remember && fit) this.graphView.fitAfterRender([key, ...slice.nodes.map((node) => node.key)]);
    } catch (error) {
      this.message(`${t("error")}: ${error.message}`, true);
    } finally {
      this.busy(false);
    }
    if (remember) this.state.set(slice ? { [field]: including(this.view[field], key) } : {});
  }

  /** Open a place one level down (a collapsed place unfolds what it had). */
  async openChildren(key, options) {
    if (!WITH_CHILDREN.includes(splitKey(key)[0])) return;
    if (this.view.collapsed.includes(key)) {
      this.state.set({ collapsed: excluding(this.view.collapsed, key) });
      return;
    }
    await this.open(key, () => graphApi.children(key), "opened", options);
  }

  /** Fold away what hangs below a node (it stays loaded: unfolding is instant). */
  collapse(key) {
    this.state.set({ collapsed: including(this.view.collapsed, key) });
  }

  /** Whether a node has children on screen, to fold or unfold. */
  hasChildren(key) {
    return this.graph.hasNode(key) && this.graph.someInEdge(key, (edge, attrs) => attrs.type === "PART_OF");
  }

  /**
   * Show the changes between two snapshots on the graph ("FROM..TO@SCOPE"; "" hides them) and
   * move the camera to them once they are drawn (nothing on the graph moves).
   */
  async showChanges(diff) {
    this.state.set({ diff });
    if (!diff) return;
    await this.overlayData.merged;
    const marked = [...(this.overlayData.ready("diff")?.marks.keys() ?? [])].filter((key) => this.graph.hasNode(key));
    if (!marked.length || this.view.diff !== diff) return;
    this.graphView.fitAfterRender(marked);
    this.graphView.refresh();
  }

  /** Undo the last step of this page (Back, never out of the explorer). */
  undo() {
    if (stepsBack() > 0) window.history.back();
  }

  /** Open a place down to its stairwells, with the people liaising with them. */
  async openSubtree(key, options) {
    await this.open(key, () => graphApi.subtree(key, true), "subtrees", options);
  }

  /** Bring in what links to a node. */
  async expandNeighbourhood(key, options = {}) {
    await this.open(key, () => analysesApi.neighbourhood(key, 1), "neighbourhoods", { ...options, fit: false });
  }

  /** Bring a node onto the screen (places with their chain), select it and move to it. */
  async reveal(key) {
    const [label] = splitKey(key);
    let neighbourhoods = this.view.neighbourhoods;
    if (!this.graph.hasNode(key)) {
      try {
        if (PLACE_LABELS.includes(label) && label !== "Street" && label !== "Community") {
          this.graphView.merge(await graphApi.chains([key]));
        } else {
          const slice = await analysesApi.neighbourhood(key, 1);
          await mergeInPlace(this.graphView, [slice], { anchor: key, onError: (error) => this.failed(error) });
          neighbourhoods = including(neighbourhoods, key);
        }
      } catch (error) {
        this.message(`${t("error")}: ${error.message}`, true);
        return;
      }
    }
    this.state.set({ neighbourhoods, selected: key });
    this.graphView.focus(key);
  }
}
