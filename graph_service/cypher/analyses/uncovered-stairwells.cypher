// title: 未联系楼道 | Uncovered stairwells
// description: Stairwells no party member liaises with, with their households, building, grid (and its grid heads and party-group leaders) and community.
// mode: read
// param: community_id str = null -- only stairwells of this community (null: the whole street)
// A stairwell whose chain upward is broken still appears (with empty places), because nobody
// liaising with it is the gap an analyst must see; broken-chains explains the missing places.
// `covered` is derived state kept current by the service (graph_service/db/derived.py) and
// indexed: the few uncovered stairwells are an index seek, not a check of every stairwell.
MATCH (s:Stairwell {covered: false})
OPTIONAL MATCH (s)-[:PART_OF]->(b:Building)
OPTIONAL MATCH (b)-[:PART_OF]->(g:Grid)
OPTIONAL MATCH (g)-[:PART_OF]->(c:Community)
WITH s, min(b.id) AS building_id, min(g.id) AS grid_id, min(c.id) AS community_id
WHERE $community_id IS NULL OR community_id = $community_id
OPTIONAL MATCH (b:Building {id: building_id})
OPTIONAL MATCH (g:Grid {id: grid_id})
OPTIONAL MATCH (c:Community {id: community_id})
RETURN s.id AS stairwell_id,
       'Stairwell:' + s.id AS node_key,
       s.name AS stairwell,
       s.household_count AS households,
       building_id, b.name AS building,
       grid_id, g.name AS grid,
       COLLECT { MATCH (p:Person)-[:LEADS_GRID {role: 'grid_head'}]->(g)
                 RETURN p.name ORDER BY p.name } AS grid_heads,
       COLLECT { MATCH (p:Person)-[:LEADS_GRID {role: 'party_group_leader'}]->(g)
                 RETURN p.name ORDER BY p.name } AS party_group_leaders,
       community_id, c.name AS community
ORDER BY community_id, grid_id, building_id, stairwell_id
