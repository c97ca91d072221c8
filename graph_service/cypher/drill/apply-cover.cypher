// title: 执行包干方案 | Apply cover assignments
// description: Make checked cover assignments: a stairwell gets a liaison (stairwell head, since today), a building or checkpoint a wartime person.
// mode: write
// param: assignments list -- the checked assignments as {kind, place_id, person_id} maps
// One row per assignment, with the liaison's role, so the cover is recorded as history too.
UNWIND $assignments AS a
MATCH (p:Person {id: a.person_id})
OPTIONAL MATCH (s:Stairwell {id: a.place_id}) WHERE a.kind = 'stairwell'
OPTIONAL MATCH (b:Building {id: a.place_id}) WHERE a.kind = 'building'
OPTIONAL MATCH (k:Checkpoint {id: a.place_id}) WHERE a.kind = 'checkpoint'
FOREACH (stairwell IN CASE WHEN s IS NULL THEN [] ELSE [s] END |
  CREATE (p)-[:LIAISES_WITH {role: 'stairwell_head', since: date()}]->(stairwell))
FOREACH (place IN [x IN [b, k] WHERE x IS NOT NULL] |
  CREATE (p)-[:ASSIGNED_TO]->(place))
RETURN a.kind AS kind, a.place_id AS place_id, a.person_id AS person_id,
       CASE a.kind WHEN 'stairwell' THEN 'stairwell_head' END AS role
