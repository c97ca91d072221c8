// title: 楼道位置 | A stairwell's place
// description: One stairwell with its households, building, grid, community and current liaisons.
// mode: read
// param: stairwell_id str -- the stairwell's id
MATCH (s:Stairwell {id: $stairwell_id})
OPTIONAL MATCH (s)-[:PART_OF]->(b:Building)
OPTIONAL MATCH (b)-[:PART_OF]->(g:Grid)-[:PART_OF]->(c:Community)
WITH s, min(b.id) AS building_id, min(g.id) AS grid_id, min(c.id) AS community_id
RETURN s.id AS id, s.name AS name, coalesce(s.household_count, 0) AS households,
       building_id, grid_id, community_id,
       COLLECT { MATCH (s)<-[:LIAISES_WITH]-(p:Person) RETURN p.id ORDER BY p.id } AS liaisons
