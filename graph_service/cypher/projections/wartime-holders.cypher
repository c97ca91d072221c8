// title: 战时包干人员 | Wartime holders
// description: One row per building or checkpoint with a named wartime person: its place chain and each holder with the departments they work in.
// mode: read
// Read by what-if and wartime-dependence: a place goes dark in wartime when every person named on it (assigned to it,
// or its building head) is lost. Checkpoints sit in their community directly, buildings through
// their grid; a place with a broken chain still comes back.
MATCH (place:Building|Checkpoint)<-[:ASSIGNED_TO|BUILDING_HEAD_OF]-(:Person)
WITH DISTINCT place
OPTIONAL MATCH (place)-[:PART_OF]->(g:Grid)-[:PART_OF]->(viaGrid:Community)
OPTIONAL MATCH (place)-[:LOCATED_IN]->(direct:Community)
WITH place, min(g.id) AS grid_id, coalesce(min(direct.id), min(viaGrid.id)) AS community_id
RETURN CASE WHEN place:Building THEN 'Building' ELSE 'Checkpoint' END AS label,
       place.id AS id,
       place.name AS name,
       grid_id,
       community_id,
       COLLECT {
         MATCH (place)<-[:ASSIGNED_TO|BUILDING_HEAD_OF]-(p:Person)
         RETURN DISTINCT {id: p.id, name: p.name,
                          departments: COLLECT { MATCH (p)-[:WORKS_IN]->(d:Department)
                                                 RETURN {id: d.id, name: d.name} }}
       } AS holders
ORDER BY label, id
