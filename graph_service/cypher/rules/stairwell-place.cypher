// title: 楼道所属位置 | Where a stairwell belongs
// description: Shared rule: the one building, grid and community a stairwell is counted in: those of its first complete chain.
// mode: read
// One rule, one place: where a stairwell belongs. Its chain is stairwell → building → grid →
// community; a stairwell with two parents somewhere on the way (a roster conflict, which
// broken-chains lists as `several_parents`) is counted in ONE place, the chain with the lowest
// grid id (then building id, then community id), so every analysis places it alike and the
// areas of a roll-up add up to their street. A stairwell with no complete chain has no place
// (no row here; broken-chains explains it).
// Taken in as `CALL (s) { // include: rules/stairwell-place }` (s: the stairwell), giving at
// most one row: `building`, `grid`, `community`. Used by: analyses/uncovered-stairwells,
// analyses/coverage-rollup, projections/liaison-coverage (what-if, single points of failure,
// the rebalance plan), projections/co-attendance, history/grid-totals (the coverage figures
// kept with each snapshot), history/sole-liaisons, roster/liaison-loads (the home community
// of liaison-load and overloaded-liaisons).
MATCH (s:Stairwell)-[:PART_OF]->(building:Building)-[:PART_OF]->(grid:Grid)
      -[:PART_OF]->(community:Community)
WITH s, building, grid, community
ORDER BY grid.id, building.id, community.id
WITH s, head(collect([building, grid, community])) AS first
RETURN first[0] AS building, first[1] AS grid, first[2] AS community
