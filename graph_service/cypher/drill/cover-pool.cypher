// title: 可接替人员 | People who could cover
// description: Everyone tied to the given communities (where they liaise, live, head a building, hold a wartime place, lead a grid or volunteered lately), with their loads.
// mode: read
// param: community_ids list -- the communities whose people may cover
// param: recent_days int = 183 in 1..3650 -- a volunteer counts as active if they attended a volunteer activity there within this many days of the latest activity in the graph
// One row per person and tie. A tie places a person as finely as it can: a liaison and a
// resident at a stairwell, a building head or a wartime person at a building, a grid leader
// at a grid, a checkpoint's person and an active volunteer at the community. "Recent" is
// measured from the latest activity the graph holds, not from today, so an older roster still
// has recent volunteers. Loads count everything the person holds, in every community.
CALL () {
  OPTIONAL MATCH (e:Event)
  RETURN max(e.date) AS latest
}
UNWIND $community_ids AS community_id
MATCH (c:Community {id: community_id})
CALL (c, latest) {
  MATCH (c)<-[:PART_OF]-(g:Grid)<-[:PART_OF]-(b:Building)<-[:PART_OF]-(s:Stairwell)
        <-[:LIAISES_WITH]-(p:Person)
  RETURN p, 'liaison' AS tie, s.id AS stairwell_id, b.id AS building_id, g.id AS grid_id
  UNION ALL
  MATCH (c)<-[:PART_OF]-(g:Grid)<-[:PART_OF]-(b:Building)<-[:PART_OF]-(s:Stairwell)
        <-[:PART_OF]-(:Household)<-[:LIVES_IN]-(p:Person)
  WHERE p.party_member
  RETURN p, 'resident' AS tie, s.id AS stairwell_id, b.id AS building_id, g.id AS grid_id
  UNION ALL
  MATCH (c)<-[:PART_OF]-(g:Grid)<-[:PART_OF]-(b:Building)<-[r:BUILDING_HEAD_OF|ASSIGNED_TO]-(p:Person)
  RETURN p, CASE type(r) WHEN 'BUILDING_HEAD_OF' THEN 'building_head' ELSE 'wartime' END AS tie,
         null AS stairwell_id, b.id AS building_id, g.id AS grid_id
  UNION ALL
  MATCH (c)<-[:LOCATED_IN]-(:Checkpoint)<-[:ASSIGNED_TO]-(p:Person)
  RETURN p, 'wartime' AS tie, null AS stairwell_id, null AS building_id, null AS grid_id
  UNION ALL
  MATCH (c)<-[:PART_OF]-(g:Grid)<-[:LEADS_GRID]-(p:Person)
  RETURN p, 'grid_leader' AS tie, null AS stairwell_id, null AS building_id, g.id AS grid_id
  UNION ALL
  MATCH (c)<-[:HELD_IN]-(e:Event {kind: 'volunteer'})<-[:ATTENDED]-(p:Person)
  WHERE e.date >= latest - duration({days: $recent_days})
  RETURN DISTINCT p, 'volunteer' AS tie, null AS stairwell_id, null AS building_id,
         null AS grid_id
}
WITH p, collect(DISTINCT {tie: tie, stairwell_id: stairwell_id, building_id: building_id,
                          grid_id: grid_id, community_id: c.id}) AS ties
RETURN p.id AS id, p.name AS name, p.phone AS phone,
       coalesce(p.party_member, false) AS party_member, coalesce(p.retired, false) AS retired,
       COLLECT { MATCH (p)-[:LIAISES_WITH]->(s:Stairwell) RETURN s.id ORDER BY s.id } AS stairwells,
       reduce(total = 0, n IN COLLECT { MATCH (p)-[:LIAISES_WITH]->(s:Stairwell)
                                        RETURN coalesce(s.household_count, 0) }
              | total + n) AS households,
       COUNT { (p)-[:ASSIGNED_TO|BUILDING_HEAD_OF]->() } AS wartime_places,
       ties
ORDER BY id
