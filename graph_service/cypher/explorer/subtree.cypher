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
// Every path from the place down; each stairwell's coverage is worked out once, at the end of
// its own path, and counted in every place on that path (counting each place's stairwells
// afresh visited every stairwell once per level above it).
MATCH (root) ((parent)<-[:PART_OF]-(child:Community|Grid|Building|Stairwell)){1,4}
WITH parent, child, last(child) AS bottom
WITH parent, child,
     CASE WHEN bottom:Stairwell
          THEN {stairwell: bottom,
                covered: EXISTS { (bottom)<-[:LIAISES_WITH]-(:Person) },
                households: COUNT { (bottom)<-[:PART_OF]-(:Household) }}
     END AS below
UNWIND range(0, size(child) - 1) AS step
WITH child[step] AS place, parent[step] AS above, collect(below) AS below
WITH place, above,
     size(below) AS stairwells,
     size([w IN below WHERE w.covered]) AS covered_stairwells,
     reduce(total = 0, w IN below | total + w.households) AS households,
     reduce(total = 0, w IN [w IN below WHERE w.covered] | total + w.households) AS covered_households
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
