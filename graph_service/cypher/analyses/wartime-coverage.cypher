// title: 战时无人包干 | Wartime coverage gaps
// description: Buildings and checkpoints no named person is assigned to (包干) or heads (楼栋长).
// mode: read
// param: community_id str = null -- only this community (null: the whole street)
// A building counts as covered if anyone is assigned to it or is its building head; a
// checkpoint if anyone is assigned to it. Buildings are placed through their grid.
CALL () {
  MATCH (b:Building)
  WHERE NOT EXISTS { (:Person)-[:ASSIGNED_TO|BUILDING_HEAD_OF]->(b) }
  OPTIONAL MATCH (b)-[:PART_OF]->(g:Grid)-[:PART_OF]->(c:Community)
  RETURN 'building' AS kind, b.id AS id, 'Building:' + b.id AS node_key, b.name AS name,
         min(g.id) AS grid_id, min(c.id) AS community_id
  UNION ALL
  MATCH (k:Checkpoint)
  WHERE NOT EXISTS { (:Person)-[:ASSIGNED_TO]->(k) }
  OPTIONAL MATCH (k)-[:LOCATED_IN]->(c:Community)
  RETURN 'checkpoint' AS kind, k.id AS id, 'Checkpoint:' + k.id AS node_key, k.name AS name,
         null AS grid_id, min(c.id) AS community_id
}
WITH kind, id, node_key, name, grid_id, community_id
WHERE $community_id IS NULL OR community_id = $community_id
OPTIONAL MATCH (c:Community {id: community_id})
RETURN kind, id, node_key, name, grid_id, community_id, c.name AS community
ORDER BY kind, community_id, id
