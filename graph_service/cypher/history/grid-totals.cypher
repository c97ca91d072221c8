// title: 网格基数 | Grid totals
// description: Per grid: its community and street, stairwells and households, and how many of each are covered.
// mode: read
// The denominators of the coverage figures kept with each snapshot. `covered` and
// `household_count` are derived state kept current at every import (graph_service/db/derived.py).
// A stairwell counts in the one grid of the shared rule rules/stairwell-place, as in
// coverage-rollup, so the grids' figures add up to their community's and street's.
MATCH (g:Grid)
OPTIONAL MATCH (g)-[:PART_OF]->(c:Community)
WITH g, min(c.id) AS community_id
OPTIONAL MATCH (:Community {id: community_id})-[:PART_OF]->(st:Street)
WITH g, community_id, min(st.id) AS street_id
CALL (g) {
  MATCH (s:Stairwell)-[:PART_OF]->(:Building)-[:PART_OF]->(g)
  CALL (s) {
    // include: rules/stairwell-place
  }
  WITH DISTINCT s, grid
  WHERE grid = g
  RETURN count(s) AS stairwells,
         count(CASE WHEN s.covered THEN 1 END) AS covered_stairwells,
         coalesce(sum(s.household_count), 0) AS households,
         coalesce(sum(CASE WHEN s.covered THEN s.household_count END), 0) AS covered_households
}
RETURN g.id AS grid_id, g.name AS name, community_id, street_id,
       stairwells, covered_stairwells, households, covered_households
