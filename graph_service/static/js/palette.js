// Every colour the explorer draws with: node types, the coverage scale, the five-colour classes,
// each overlay's marks and the charts'. The legend reads these same values, so a colour on screen
// always has its meaning there, and one colour never means two things.

export const COLOURS = {
  paper: "#fff",
  ink: "#1f2933",
  faded: "#e3e6ea",
  fadedEdge: "#eef0f2",
  edge: "#c5ccd4",
  selectedEdge: "#4a5563",
  pairing: "#8cc7c7", // partnership edges, as wide as their activity
  neutral: "#c9d1da", // places that a colouring overlay does not colour
  noStairwells: "#a9b1bb",
  types: {
    Street: "#2f3b4c",
    Household: "#9aa4b1",
    Person: "#2b6cd1",
    Department: "#7b4fc9",
    ServiceTeam: "#a24fc9",
    PartyBranch: "#d04f8f",
    Unit: "#2f9a9a",
    Event: "#c08a2b",
    Demand: "#8a5a2b",
    Checkpoint: "#555e69",
    Other: "#7a828c",
  },
};

// Coverage scale: the programme aims at every stairwell, so the scale spends its colours near the
// top: red at 80% or less, amber at 90%, green at 100%. The legend draws the same stops.
export const COVERAGE_STOPS = [
  [0.8, [215, 48, 39]],
  [0.9, [244, 165, 60]],
  [1, [26, 152, 80]],
];

/** Colour for a covered share in [0, 1] on the red-amber-green scale. */
export function coverageColour(share) {
  if (share == null || Number.isNaN(share)) return COLOURS.noStairwells;
  const clamped = Math.max(share, COVERAGE_STOPS[0][0]);
  for (let i = 1; i < COVERAGE_STOPS.length; i++) {
    const [s1, c1] = COVERAGE_STOPS[i];
    const [s0, c0] = COVERAGE_STOPS[i - 1];
    if (clamped <= s1) {
      const f = (clamped - s0) / (s1 - s0);
      const rgb = c0.map((v, j) => Math.round(v + f * (c1[j] - v)));
      return `rgb(${rgb.join(",")})`;
    }
  }
  return `rgb(${COVERAGE_STOPS.at(-1)[1].join(",")})`;
}

/** The grids' five-colour classes by problem difficulty. */
export const FIVE_COLOURS = {
  red: "#d7301f", orange: "#f08c2e", yellow: "#e8c930", blue: "#3a7bd5", green: "#2e9e57",
};

/** Kinds of partner, on the graph and in the partnership chart alike. */
export const PARTNER_KINDS = { service_team: "#7b4fc9", organ_branch: "#d04f8f", co_building_unit: "#c08a2b" };

/** What each overlay marks nodes with (see overlays.js for what each mark means). */
export const MARKS = {
  uncovered: "#d7301f",
  leaderless: "#8e2bd1",
  gridLeaders: "#5e35b1",
  overloaded: "#e8590c",
  partnered: "#2f9a9a",
  wartimeGap: "#b8002e",
  singlePoint: "#6a1b9a",
  singlePointDepartment: "#37474f",
  unpartnered: "#c2185b",
  missingParent: "#ff6f00",
  wrongParent: "#f9a825",
  severalParents: "#6d4c41",
  broker: "#00838f",
  removed: "#111111",
  goesDark: "#5c0a0a",
  buildingDark: "#a63603",
  checkpointDark: "#3e2723",
  overloadedCadre: "#ad1457",
  suggestion: "#558b2f",
  dependence: "#4e342e",
  dependentPlace: "#bf360c",
  overlap: "#0277bd",
  cluster: "#827717",
  rollup: "#33691e",
  load: "#1565c0",
  demand: "#795548",
  moved: "#1f78b4",
  diffAdded: "#1a9850",
  diffRemoved: "#d4b9b9", // ghosts: pale, as what is no longer there
  diffReassigned: "#d95f02",
  diffReassignedFrom: "#f3c9a6",
  diffLinkAdded: "#66bd63",
  diffLinkRemoved: "#b8bec6",
};

/** The dashboards' colours besides the coverage scale and the partner kinds. */
export const CHARTS = {
  people: COLOURS.types.Person,
  limit: "#d7301f",
  before: "#9aa4b1",
  after: MARKS.moved, // the plan's stairwells on the graph and its after-loads in the chart
};

/** The page's font stack: the usual Chinese system fonts first, then Noto (Linux). */
export const FONT_STACK =
  '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans CJK", "Source Han Sans SC", sans-serif';
