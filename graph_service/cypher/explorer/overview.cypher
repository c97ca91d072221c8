// title: 总览：街道、社区、网格 | Overview: street, communities, grids
// description: One row per grid (or per community without grids) with stairwell and household coverage: the explorer's first view.
// mode: read
MATCH (s:Street)
OPTIONAL MATCH (c:Community)-[:PART_OF]->(s)
OPTIONAL MATCH (g:Grid)-[:PART_OF]->(c)
CALL (g) {
  OPTIONAL MATCH (w:Stairwell)-[:PART_OF]->(:Building)-[:PART_OF]->(g)
  WITH w, EXISTS { (w)<-[:LIAISES_WITH]-(:Person) } AS covered,
       COUNT { (w)<-[:PART_OF]-(:Household) } AS households
  RETURN count(w) AS stairwells,
         count(CASE WHEN covered THEN w END) AS covered_stairwells,
         sum(CASE WHEN w IS NULL THEN 0 ELSE households END) AS households,
         sum(CASE WHEN covered THEN households ELSE 0 END) AS covered_households
}
RETURN s.id AS street_id, s.name AS street_name,
       c.id AS community_id, c.name AS community_name,
       g.id AS grid_id, g.name AS grid_name, g.kind AS grid_kind, g.colour AS grid_colour,
       CASE WHEN g IS NULL THEN 0 ELSE COUNT { (g)<-[:LEADS_GRID]-(:Person) } END AS grid_leaders,
       stairwells, covered_stairwells, households, covered_households
ORDER BY street_id, community_id, grid_id
