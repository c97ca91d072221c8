// title: 战时单一部门依赖 | Wartime dependence on one department
// description: Per department: buildings and checkpoints whose every named wartime person works in it, so they go dark if it is recalled.
// mode: read
// param: community_id str = null -- only places in this community (null: the whole street)
// A place held by people of two departments survives the recall of either; a place held by
// building heads (residents, in no department) survives any recall. So a place depends on a
// department only if it has named people and all of them work there.
MATCH (place:Building|Checkpoint)<-[:ASSIGNED_TO|BUILDING_HEAD_OF]-(:Person)
WITH DISTINCT place
WITH place,
     COLLECT { MATCH (place)<-[:ASSIGNED_TO|BUILDING_HEAD_OF]-(p:Person)
               OPTIONAL MATCH (p)-[:WORKS_IN]->(d:Department)
               RETURN DISTINCT d.id } AS holders
WHERE size(holders) = 1 AND holders[0] IS NOT NULL
OPTIONAL MATCH (place)-[:PART_OF]->(:Grid)-[:PART_OF]->(viaGrid:Community)
OPTIONAL MATCH (place)-[:LOCATED_IN]->(direct:Community)
WITH place, holders[0] AS department_id, coalesce(direct, viaGrid) AS c
WHERE $community_id IS NULL OR c.id = $community_id
MATCH (d:Department {id: department_id})
RETURN d.id AS department_id,
       'Department:' + d.id AS node_key,
       d.name AS department,
       count(CASE WHEN place:Building THEN 1 END) AS buildings,
       count(CASE WHEN place:Checkpoint THEN 1 END) AS checkpoints,
       count(DISTINCT c) AS communities,
       collect(CASE WHEN place:Building THEN 'Building:' ELSE 'Checkpoint:' END + place.id)
         AS place_keys
ORDER BY buildings + checkpoints DESC, department_id
