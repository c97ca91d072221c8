// Keeping nodes apart: a grid index of the circles already placed, so that a new node can be put
// at the nearest free spot to where it belongs. Nodes on screen never move (a link reopens the
// same picture), so only the newcomer looks for room.

// Room left between two circles, as a share of the larger radius.
const GAP = 0.15;
// Candidate spots tried around the wanted one before giving up (sunflower spiral).
const TRIES = 600;
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

export class Spacing {
  /** @param cell side of a grid cell in graph units (circles are indexed in every cell they touch) */
  constructor(cell = 1) {
    this.cell = cell;
    this.cells = new Map(); // "i,j" -> [{x, y, r}]
  }

  cellsOf(x, y, r) {
    const { cell } = this;
    const keys = [];
    for (let i = Math.floor((x - r) / cell); i <= Math.floor((x + r) / cell); i++) {
      for (let j = Math.floor((y - r) / cell); j <= Math.floor((y + r) / cell); j++) keys.push(`${i},${j}`);
    }
    return keys;
  }

  /** Remember a circle as taken. */
  add(x, y, r) {
    const circle = { x, y, r };
    for (const key of this.cellsOf(x, y, r + GAP * r)) {
      const list = this.cells.get(key);
      if (list) list.push(circle);
      else this.cells.set(key, [circle]);
    }
  }

  /** Whether a circle at (x, y) of radius r would touch one already taken. */
  collides(x, y, r) {
    for (const key of this.cellsOf(x, y, r + GAP * r)) {
      for (const other of this.cells.get(key) ?? []) {
        const clearance = r + other.r + GAP * Math.max(r, other.r);
        const dx = other.x - x;
        const dy = other.y - y;
        if (dx * dx + dy * dy < clearance * clearance) return true;
      }
    }
    return false;
  }

  /**
   * The free spot nearest to (x, y) for a circle of radius r, searched on a sunflower spiral
   * (candidates about a radius apart near the wanted spot, ever wider further out, so that a
   * small node next to a big one finds room soon); (x, y) itself if it is free.
   */
  nearestFree(x, y, r) {
    if (!this.collides(x, y, r)) return { x, y };
    for (let i = 1; i <= TRIES; i++) {
      const distance = 0.8 * r * Math.sqrt(i) * (1 + i / 150);
      const angle = i * GOLDEN_ANGLE;
      const spot = { x: x + distance * Math.cos(angle), y: y + distance * Math.sin(angle) };
      if (!this.collides(spot.x, spot.y, r)) return spot;
    }
    return { x, y };
  }
}
