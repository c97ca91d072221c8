// title: 按职务的负责人 | Role holders
// description: The grid head (网格长) of every grid and the secretary (书记) of every community (lowest id if several).
// mode: read
CALL () {
  MATCH (p:Person)-[:LEADS_GRID {role: 'grid_head'}]->(g:Grid)
  RETURN 'Grid' AS level, g.id AS id, min(p.id) AS person_id
  UNION ALL
  MATCH (p:Person)-[:LEADS_COMMUNITY {role: 'secretary'}]->(c:Community)
  RETURN 'Community' AS level, c.id AS id, min(p.id) AS person_id
}
RETURN level, id, person_id
