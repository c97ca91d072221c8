// title: 核对包干方案 | Check cover assignments
// description: The assignments of a drill's cover plan that no longer fit the graph, with their index and why.
// mode: read
// param: assignments list -- the assignments as {kind, place_id, person_id} maps
// param: out_ids list -- ids of the people the drill takes out
// Run in the same write transaction as apply-cover, so the check and the change see the same
// graph. An assignment is stale if its place or person is gone, the person is taken out by
// the drill, already holds the place, or someone the drill leaves in holds it now (it is no
// longer dark).
UNWIND range(0, size($assignments) - 1) AS index
WITH index, $assignments[index] AS a
OPTIONAL MATCH (s:Stairwell {id: a.place_id}) WHERE a.kind = 'stairwell'
OPTIONAL MATCH (b:Building {id: a.place_id}) WHERE a.kind = 'building'
OPTIONAL MATCH (k:Checkpoint {id: a.place_id}) WHERE a.kind = 'checkpoint'
WITH index, a, coalesce(s, b, k) AS place
OPTIONAL MATCH (p:Person {id: a.person_id})
WITH index, a, place, p,
     COLLECT { MATCH (place)<-[:LIAISES_WITH|ASSIGNED_TO|BUILDING_HEAD_OF]-(h:Person)
               RETURN h.id } AS holders
WITH index, a,
     CASE WHEN place IS NULL THEN 'place_gone'
          WHEN p IS NULL THEN 'person_gone'
          WHEN a.person_id IN $out_ids THEN 'person_out'
          WHEN a.person_id IN holders THEN 'already_holds'
          WHEN any(holder IN holders WHERE NOT holder IN $out_ids) THEN 'not_dark'
     END AS problem
WHERE problem IS NOT NULL
RETURN index, a.kind AS kind, a.place_id AS place_id, a.person_id AS person_id, problem
ORDER BY index
