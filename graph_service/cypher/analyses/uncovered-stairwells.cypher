// title: 未联系楼道 | Uncovered stairwells
// description: Stairwells no party member liaises with, with their households, building, grid (and its grid heads and party-group leaders) and community.
// mode: read
// param: community_id str = null -- only stairwells of this community (null: the whole street)
// A stairwell whose chain upward is broken still appears (with empty places), because nobody
// liaising with it is the gap an analyst must see; broken-chains explains the missing places.
// Its place, and so the community filter, follow the shared rule rules/stairwell-place (a
// stairwell with two parents is in one community, as in coverage-rollup).
// `covered` is derived state kept current by the service (graph_service/db/derived.py) and
// indexed: the few uncovered stairwells are an index seek, not a check of every stairwell.
MATCH (s:Stairwell {covered: false})
OPTIONAL CALL (s) {
  // include: rules/stairwell-place
}
WITH s, building AS placed, grid AS g, community AS c
WHERE $community_id IS NULL OR c.id = $community_id
CALL (s, placed) {
  // With no complete chain the rule places it nowhere; its building, if any, still helps.
  OPTIONAL MATCH (s)-[:PART_OF]->(other:Building)
  WITH placed, other ORDER BY other.id LIMIT 1
  RETURN coalesce(placed, other) AS b
}
RETURN s.id AS stairwell_id,
       'Stairwell:' + s.id AS node_key,
       s.name AS stairwell,
       s.household_count AS households,
       b.id AS building_id, b.name AS building,
       g.id AS grid_id, g.name AS grid,
       COLLECT { MATCH (p:Person)-[:LEADS_GRID {role: 'grid_head'}]->(g)
                 RETURN p.name ORDER BY p.name } AS grid_heads,
       COLLECT { MATCH (p:Person)-[:LEADS_GRID {role: 'party_group_leader'}]->(g)
                 RETURN p.name ORDER BY p.name } AS party_group_leaders,
       c.id AS community_id, c.name AS community
ORDER BY community_id, grid_id, building_id, stairwell_id
