// title: 单点失效党员 | People whose loss alone uncovers many households
// description: People who are the only liaison of stairwells holding more than $household_limit households in all, with the community holding most of those stairwells.
// mode: read
// param: household_limit int = 54 in 0..1000000 -- more households than this left with no liaison is a single point of failure
// The single-points-of-failure computation restricted to people, above the overload
// household limit (3 x the programme's 18 households per member): small losses are the
// ordinary state of a network where most stairwells have one liaison. Stairwells are placed by
// the shared rule rules/stairwell-place.
MATCH (p:Person)-[:LIAISES_WITH]->(s:Stairwell)
WHERE COUNT { (:Person)-[:LIAISES_WITH]->(s) } = 1
OPTIONAL CALL (s) {
  // include: rules/stairwell-place
}
WITH p, s, community.id AS community_id
WITH p, community_id, count(s) AS stairwells_there, sum(s.household_count) AS households_there
ORDER BY p.id, stairwells_there DESC, community_id
WITH p, collect(community_id)[0] AS community_id, sum(households_there) AS households
WHERE households > $household_limit
RETURN p.id AS person_id, 'Person:' + p.id AS node_key, community_id, households
ORDER BY person_id
