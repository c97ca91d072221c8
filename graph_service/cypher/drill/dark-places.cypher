// title: 演练断联地点 | Places a drill darkens
// description: Stairwells, buildings and checkpoints whose every named person is taken out by a drill, with their households and places.
// mode: read
// param: out_ids list -- ids of the people the drill takes out (drill/taken-out)
// A place goes dark when it had someone and all of them are out: a stairwell its liaisons
// (LIAISES_WITH), a building its wartime people (ASSIGNED_TO) and building heads
// (BUILDING_HEAD_OF), a checkpoint its wartime people. Places that had nobody before the
// drill are gaps already (wartime-coverage, uncovered-stairwells), not listed here. Only the
// places the people taken out hold are visited, so the query grows with the recall, not with
// the street.
WITH $out_ids AS out
CALL (out) {
  UNWIND out AS person_id
  MATCH (:Person {id: person_id})-[:LIAISES_WITH|ASSIGNED_TO|BUILDING_HEAD_OF]->(place)
  RETURN DISTINCT place
}
WITH place, out,
     COLLECT { MATCH (place)<-[:LIAISES_WITH|ASSIGNED_TO|BUILDING_HEAD_OF]-(h:Person)
               RETURN DISTINCT h.id } AS holders
WHERE all(holder IN holders WHERE holder IN out)
OPTIONAL MATCH (place:Stairwell)-[:PART_OF]->(sb:Building)
WITH place, holders, min(sb.id) AS stairwell_building
OPTIONAL MATCH (place:Building)<-[:PART_OF]-(inside:Stairwell)
WITH place, holders, stairwell_building,
     sum(inside.household_count) AS building_households
WITH place, holders,
     CASE WHEN place:Building THEN place.id ELSE stairwell_building END AS building_id,
     CASE WHEN place:Stairwell THEN place.household_count
          WHEN place:Building THEN building_households END AS households
OPTIONAL MATCH (:Building {id: building_id})-[:PART_OF]->(g:Grid)-[:PART_OF]->(gc:Community)
OPTIONAL MATCH (place:Checkpoint)-[:LOCATED_IN]->(kc:Community)
WITH place, holders, building_id, households,
     min(g.id) AS grid_id, coalesce(min(gc.id), min(kc.id)) AS community_id
OPTIONAL MATCH (grid:Grid {id: grid_id})
OPTIONAL MATCH (community:Community {id: community_id})
RETURN CASE WHEN place:Stairwell THEN 'stairwell'
            WHEN place:Building THEN 'building' ELSE 'checkpoint' END AS kind,
       place.id AS id, place.name AS name, households,
       CASE WHEN place:Stairwell THEN place.id END AS stairwell_id,
       building_id, grid_id, grid.name AS grid, community_id, community.name AS community,
       holders AS lost
ORDER BY kind, community_id, grid_id, id
