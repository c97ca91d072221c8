// Labels that never collide. Sigma picks which labels to draw (a few per cell of its label grid,
// the biggest nodes first, plus the forced ones) but draws each where it falls, over another
// label or over a node when two nodes are close. Here sigma's picks of one render are collected,
// then drawn once it has finished: forced labels first (always drawn, where sigma puts them),
// then the biggest nodes, each at the first of four spots beside its node (right, as sigma
// draws, then left, below, above) whose box keeps clear of every label already drawn and of
// every other node on screen, or not at all. A label left out is taken out of sigma's
// displayed labels too.
import { drawDiscNodeLabel } from "sigma/rendering";

const GAP = 2; // px kept clear around a label
const CELL = 64; // px, the side of the buckets boxes are looked up in

function overlaps(a, b) {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

/** A node's label drawn as sigma draws it (colour, font), at another spot. */
function drawLabelAt(context, data, settings, { left, baseline }) {
  const colour = settings.labelColor;
  context.fillStyle = colour.attribute ? data[colour.attribute] || colour.color || "#000" : colour.color;
  context.font = `${settings.labelWeight} ${settings.labelSize}px ${settings.labelFont}`;
  context.fillText(data.label, left, baseline);
}

/** Whether a box [left, top, right, bottom] touches a disc {x, y, r}. */
function touches(box, { x, y, r }) {
  const dx = x - Math.max(box[0], Math.min(x, box[2]));
  const dy = y - Math.max(box[1], Math.min(y, box[3]));
  return dx * dx + dy * dy < r * r;
}

export class LabelLayout {
  constructor(sigma) {
    this.sigma = sigma;
    this.pending = [];
    sigma.on("beforeRender", () => (this.pending = []));
    sigma.on("afterRender", () => this.draw());
  }

  /** Sigma's `defaultDrawNodeLabel`: a label picked for this render, drawn in `draw`. */
  collect(context, data, settings) {
    this.pending.push({ context, data, settings });
  }

  /**
   * The spots `data`'s label may take, best first, each {left, baseline, box}: right of the
   * node as sigma draws disc labels (3 px from its edge, baseline a third of the font size below
   * its centre), left of it, centred below it, centred above it.
   */
  spots(context, data, settings) {
    const { width, ascent, descent } = this.measure(context, settings, data.label);
    const { x, y, size } = data;
    const middle = y + settings.labelSize / 3;
    const spot = (left, baseline) => ({
      left,
      baseline,
      box: [left - GAP, baseline - ascent - GAP, left + width + GAP, baseline + descent + GAP],
    });
    return [
      spot(x + size + 3, middle),
      spot(x - size - 3 - width, middle),
      spot(x - width / 2, y + size + 3 + ascent),
      spot(x - width / 2, y - size - 3 - descent),
    ];
  }

  /** A label's width and the font's extent above and below the baseline (px), kept per text. */
  measure(context, settings, label) {
    const size = settings.labelSize;
    const font = `${settings.labelWeight} ${size}px ${settings.labelFont}`;
    if (this.font !== font) {
      this.font = font;
      this.measured = new Map();
    }
    let found = this.measured.get(label);
    if (!found) {
      context.font = font;
      const text = context.measureText(label);
      found = { width: text.width, ascent: text.fontBoundingBoxAscent ?? size, descent: text.fontBoundingBoxDescent ?? size / 4 };
      this.measured.set(label, found);
    }
    return found;
  }

  /** The nodes on screen as discs {key, x, y, r} (px), bucketed like the label boxes. */
  discs(cells) {
    const { sigma } = this;
    const { width, height } = sigma.getDimensions();
    const discs = new Map();
    sigma.getGraph().forEachNode((key) => {
      const data = sigma.getNodeDisplayData(key);
      if (!data || data.hidden) return;
      const { x, y } = sigma.framedGraphToViewport(data);
      const r = sigma.scaleSize(data.size);
      if (x + r < 0 || y + r < 0 || x - r > width || y - r > height) return;
      const disc = { key, x, y, r };
      // Labels are drawn on screen only (and a little beyond): a huge disc is bucketed there.
      const box = [Math.max(x - r, -CELL), Math.max(y - r, -CELL), Math.min(x + r, width + CELL), Math.min(y + r, height + CELL)];
      cells(box, (cell) => (discs.get(cell) ?? discs.set(cell, []).get(cell)).push(disc));
    });
    return discs;
  }

  draw() {
    const picked = this.pending;
    this.pending = [];
    if (!picked.length) return;
    picked.sort((a, b) => Boolean(b.data.forceLabel) - Boolean(a.data.forceLabel) || b.data.size - a.data.size);
    const buckets = new Map();
    const cells = (box, visit) => {
      for (let i = Math.floor(box[0] / CELL); i <= Math.floor(box[2] / CELL); i++) {
        for (let j = Math.floor(box[1] / CELL); j <= Math.floor(box[3] / CELL); j++) visit(`${i},${j}`);
      }
    };
    const discs = this.discs(cells);
    const clearOfDiscs = (box, key) => {
      let clear = true;
      cells(box, (cell) => (clear &&= !(discs.get(cell) ?? []).some((disc) => disc.key !== key && touches(box, disc))));
      return clear;
    };
    const clearOfLabels = (box) => {
      let clear = true;
      cells(box, (cell) => (clear &&= !(buckets.get(cell) ?? []).some((other) => overlaps(box, other))));
      return clear;
    };
    for (const { context, data, settings } of picked) {
      if (!data.label) continue;
      const spots = this.spots(context, data, settings);
      const spot = data.forceLabel
        ? spots[0]
        : spots.find(({ box }) => clearOfDiscs(box, data.key) && clearOfLabels(box));
      if (!spot || !clearOfLabels(spot.box)) {
        // Sigma's own record of what it shows (its edge labels follow it), kept true.
        this.sigma.displayedNodeLabels?.delete(data.key);
        continue;
      }
      cells(spot.box, (cell) => (buckets.get(cell) ?? buckets.set(cell, []).get(cell)).push(spot.box));
      if (spot === spots[0]) drawDiscNodeLabel(context, data, settings);
      else drawLabelAt(context, data, settings, spot);
    }
  }
}
