// title: 网格下的楼栋 | Buildings of a grid
// description: The buildings PART_OF one grid, with stairwell coverage (no address: it is sensitive).
// mode: read
// param: id str -- the grid's id
MATCH (b:Building)-[:PART_OF]->(:Grid {id: $id})
CALL (b) {
  OPTIONAL MATCH (w:Stairwell)-[:PART_OF]->(b)
  WITH w, EXISTS { (w)<-[:LIAISES_WITH]-(:Person) } AS covered,
       COUNT { (w)<-[:PART_OF]-(:Household) } AS households
  RETURN count(w) AS stairwells,
         count(CASE WHEN covered THEN w END) AS covered_stairwells,
         sum(CASE WHEN w IS NULL THEN 0 ELSE households END) AS households,
         sum(CASE WHEN covered THEN households ELSE 0 END) AS covered_households
}
RETURN 'Building' AS label, b.id AS id, b.name AS name,
       {stairwells: stairwells, covered_stairwells: covered_stairwells,
        households: households, covered_households: covered_households} AS attributes,
       'PART_OF' AS edge_type, {} AS edge_attributes
ORDER BY id
