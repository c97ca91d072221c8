// title: 派生：党员联户负荷 | Derived: liaison loads
// description: Set each liaison member's stairwell and household counts and home community where they differ from the relationships.
// mode: write
// Derived state (docs/data-model.md, "Derived state"): per member who liaises with stairwells,
// `liaison_stairwells` (distinct stairwells), `liaison_households` (their household_count
// summed: run after stairwell-households) and `liaison_community_id` (the community holding
// most of their stairwells, ties: the lowest id; null if none is reachable), so liaison-load
// and overloaded-liaisons read three properties per member instead of walking 60,000 chains at
// city scale. Members who no longer liaise lose them. Written only where a value differs.
// Stairwells are placed by the shared rule rules/stairwell-place.
MATCH (p:Person)
CALL (p) {
  OPTIONAL MATCH (p)-[:LIAISES_WITH]->(s:Stairwell)
  WITH DISTINCT s
  OPTIONAL CALL (s) {
    // include: rules/stairwell-place
  }
  WITH s, community.id AS community_id
  WITH community_id, count(s) AS stairwells_there, sum(s.household_count) AS households_there
  ORDER BY stairwells_there DESC, community_id
  WITH collect(community_id) AS communities, sum(stairwells_there) AS stairwells,
       sum(households_there) AS households
  RETURN CASE stairwells WHEN 0 THEN null ELSE stairwells END AS stairwells,
         CASE stairwells WHEN 0 THEN null ELSE households END AS households,
         communities[0] AS community_id
}
WITH p, stairwells, households, community_id
WHERE coalesce(p.liaison_stairwells, -1) <> coalesce(stairwells, -1)
   OR coalesce(p.liaison_households, -1) <> coalesce(households, -1)
   OR coalesce(p.liaison_community_id, '') <> coalesce(community_id, '')
SET p.liaison_stairwells = stairwells,
    p.liaison_households = households,
    p.liaison_community_id = community_id
