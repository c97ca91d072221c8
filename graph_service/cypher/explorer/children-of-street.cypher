// title: 街道下的社区 | Communities of a street
// description: The communities PART_OF one street, with stairwell coverage.
// mode: read
// param: id str -- the street's id
MATCH (c:Community)-[:PART_OF]->(:Street {id: $id})
CALL (c) {
  OPTIONAL MATCH (w:Stairwell)-[:PART_OF]->(:Building)-[:PART_OF]->(:Grid)-[:PART_OF]->(c)
  WITH w, EXISTS { (w)<-[:LIAISES_WITH]-(:Person) } AS covered,
       COUNT { (w)<-[:PART_OF]-(:Household) } AS households
  RETURN count(w) AS stairwells,
         count(CASE WHEN covered THEN w END) AS covered_stairwells,
         sum(CASE WHEN w IS NULL THEN 0 ELSE households END) AS households,
         sum(CASE WHEN covered THEN households ELSE 0 END) AS covered_households
}
RETURN 'Community' AS label, c.id AS id, c.name AS name,
       {stairwells: stairwells, covered_stairwells: covered_stairwells,
        households: households, covered_households: covered_households} AS attributes,
       'PART_OF' AS edge_type, {} AS edge_attributes
ORDER BY id
