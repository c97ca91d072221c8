// The kinds of node the page knows: the place hierarchy, what each kind can be asked for, and
// the types the filters switch on and off.

/** Places from the top down (each is PART_OF the one before). */
export const PLACE_LABELS = ["Street", "Community", "Grid", "Building", "Stairwell", "Household"];
/** Places whose children can be opened (a household has none). */
export const WITH_CHILDREN = PLACE_LABELS.slice(0, 5);
/** Places that can be opened down to their stairwells and the people liaising with them. */
export const WITH_STAIRWELLS = PLACE_LABELS.slice(0, 4);
/** What a what-if can remove: people and departments. */
export const REMOVABLE = ["Person", "Department"];

export const FILTER_TYPES = [...PLACE_LABELS, "Person", "Other"];
export const filterType = (label) => (FILTER_TYPES.includes(label) ? label : "Other");

/** "Stairwell:S0001" -> ["Stairwell", "S0001"] (ids may themselves contain colons). */
export function splitKey(key) {
  const at = key.indexOf(":");
  return [key.slice(0, at), key.slice(at + 1)];
}

/** Covered share of a place from its slice attributes (null when it has no stairwells). */
export function coveredShare(attrs) {
  if (attrs.label === "Stairwell") return attrs.covered == null ? null : attrs.covered ? 1 : 0;
  if (!attrs.stairwells) return null;
  return attrs.covered_stairwells / attrs.stairwells;
}
