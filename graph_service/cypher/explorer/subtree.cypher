// title: 地点下的全部楼栋与楼道 | Everything below a place, down to its stairwells
// description: The communities, grids, buildings and stairwells below one place, with coverage, and when asked their liaisons.
// mode: read
// param: label str in Street|Community|Grid|Building -- the place's label
// param: id str -- the place's id
// param: with_liaisons bool -- also the people who liaise with those stairwells
CALL () {
  MATCH (root:Street {id: $id}) WHERE $label = 'Street' RETURN root
  UNION
  MATCH (root:Community {id: $id}) WHERE $label = 'Community' RETURN root
  UNION
  MATCH (root:Grid {id: $id}) WHERE $label = 'Grid' RETURN root
  UNION
  MATCH (root:Building {id: $id}) WHERE $label = 'Building' RETURN root
}
MATCH (root) ((parent)<-[:PART_OF]-(child:Community|Grid|Building|Stairwell)){1,4}
UNWIND range(0, size(child) - 1) AS step
WITH DISTINCT child[step] AS place, parent[step] AS above
CALL (place) {
  OPTIONAL MATCH (w:Stairwell)-[:PART_OF]->{0,3}(place)
  WITH w, EXISTS { (w)<-[:LIAISES_WITH]-(:Person) } AS covered,
       COUNT { (w)<-[:PART_OF]-(:Household) } AS households
  RETURN count(w) AS stairwells,
         count(CASE WHEN covered THEN w END) AS covered_stairwells,
         sum(CASE WHEN w IS NULL THEN 0 ELSE households END) AS households,
         sum(CASE WHEN covered THEN households ELSE 0 END) AS covered_households
}
WITH place, above, stairwells, covered_stairwells, households, covered_households
CALL (place) {
  MATCH (p:Person)-[r:LIAISES_WITH]->(place)
  WHERE $with_liaisons
  RETURN collect({id: p.id, name: p.name, role: r.role,
                  stairwells_held: COUNT { (p)-[:LIAISES_WITH]->(:Stairwell) }}) AS liaisons
}
RETURN head([l IN labels(place) WHERE l <> 'BrokenChain']) AS label, place.id AS id, place.name AS name,
       head([l IN labels(above) WHERE l <> 'BrokenChain']) AS parent_label, above.id AS parent_id,
       CASE WHEN place:Stairwell
            THEN {covered: covered_stairwells > 0, households: households, stairwells: 1,
                  covered_stairwells: covered_stairwells,
                  liaisons: COUNT { (place)<-[:LIAISES_WITH]-(:Person) }}
            ELSE {stairwells: stairwells, covered_stairwells: covered_stairwells,
                  households: households, covered_households: covered_households,
                  kind: place.kind, colour: place.colour}
       END AS attributes,
       liaisons
