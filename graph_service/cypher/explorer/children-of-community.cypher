// title: 社区下的网格 | Grids of a community
// description: The grids PART_OF one community, with coverage, for drilling down in the explorer.
// mode: read
// param: id str -- the community's id
MATCH (g:Grid)-[:PART_OF]->(:Community {id: $id})
CALL (g) {
  OPTIONAL MATCH (w:Stairwell)-[:PART_OF]->(:Building)-[:PART_OF]->(g)
  WITH w, EXISTS { (w)<-[:LIAISES_WITH]-(:Person) } AS covered,
       COUNT { (w)<-[:PART_OF]-(:Household) } AS households
  RETURN count(w) AS stairwells,
         count(CASE WHEN covered THEN w END) AS covered_stairwells,
         sum(CASE WHEN w IS NULL THEN 0 ELSE households END) AS households,
         sum(CASE WHEN covered THEN households ELSE 0 END) AS covered_households
}
RETURN 'Grid' AS label, g.id AS id, g.name AS name,
       {kind: g.kind, colour: g.colour, grid_leaders: COUNT { (g)<-[:LEADS_GRID]-(:Person) },
        stairwells: stairwells, covered_stairwells: covered_stairwells,
        households: households, covered_households: covered_households} AS attributes,
       'PART_OF' AS edge_type, {} AS edge_attributes
ORDER BY id
