// title: 联户覆盖网络 | Liaison coverage
// description: One row per stairwell: households, grid, community, and the people who liaise with it with their departments.
// mode: read
// One row per stairwell: its households, grid and community, and the people who liaise with it
// with the departments they work in. Read once by single-points-of-failure, what-if and the
// rebalance plan. A stairwell with a broken chain has no grid or community but still counts;
// one with two parents is in the one grid and community of the shared rule
// rules/stairwell-place, as in uncovered-stairwells and coverage-rollup.
MATCH (s:Stairwell)
OPTIONAL CALL (s) {
  // include: rules/stairwell-place
}
WITH s, grid.id AS grid_id, community.id AS community_id
RETURN s.id AS stairwell_id,
       s.name AS stairwell,
       s.household_count AS households,
       grid_id,
       community_id,
       COLLECT {
         MATCH (p:Person)-[:LIAISES_WITH]->(s)
         RETURN {id: p.id, name: p.name,
                 departments: COLLECT { MATCH (p)-[:WORKS_IN]->(d:Department)
                                        RETURN {id: d.id, name: d.name} }}
       } AS liaisons
ORDER BY stairwell_id
