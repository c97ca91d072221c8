// title: 联户覆盖汇总 | Coverage roll-up
// description: Per street, community and grid: stairwells, households, covered share and households per liaison member.
// mode: read
// param: level str = "all" in all|street|community|grid -- which level to list (all: street first, then communities, then grids)
// A stairwell is covered when at least one person liaises with it (党员联户): the derived flag
// `s.covered` (graph_service/db/derived.py), which uncovered-stairwells reads too; households are
// the derived `s.household_count` (counting them here was 40% of the time at city scale). Stairwells whose
// chain up to the street is broken cannot be placed and are left out here (broken-chains lists
// them); a stairwell with two parents is counted once, in the one grid and community of the
// shared rule rules/stairwell-place (as uncovered-stairwells places it), so the areas of each
// level add up to the level above; a community in two streets counts in the first by id.
// Liaisons are counted once per area even when they look after several stairwells in it.
MATCH (s:Stairwell)
CALL (s) {
  // include: rules/stairwell-place
}
CALL (community) {
  MATCH (community)-[:PART_OF]->(street:Street)
  RETURN street ORDER BY street.id LIMIT 1
}
WITH s, s.household_count AS households, s.covered AS covered, street, community, grid
UNWIND [{level: 'street', rank: 0, area: street},
        {level: 'community', rank: 1, area: community},
        {level: 'grid', rank: 2, area: grid}] AS at
WITH at.level AS level, at.rank AS rank, at.area AS area, s, households, covered
WHERE $level = 'all' OR level = $level
WITH level, rank, area,
     count(s) AS stairwells,
     sum(CASE WHEN covered THEN 1 ELSE 0 END) AS covered_stairwells,
     sum(households) AS households,
     sum(CASE WHEN covered THEN households ELSE 0 END) AS covered_households,
     collect(s) AS stairwell_nodes
CALL (stairwell_nodes) {
  UNWIND stairwell_nodes AS s
  MATCH (p:Person)-[:LIAISES_WITH]->(s)
  RETURN count(DISTINCT p) AS liaisons
}
RETURN level,
       area.id AS area_id,
       CASE level WHEN 'street' THEN 'Street:' WHEN 'community' THEN 'Community:' ELSE 'Grid:' END
         + area.id AS node_key,
       area.name AS area,
       stairwells, covered_stairwells,
       round(toFloat(covered_stairwells) / stairwells, 4) AS covered_share,
       households, covered_households,
       CASE households WHEN 0 THEN null
         ELSE round(toFloat(covered_households) / households, 4) END AS covered_household_share,
       liaisons,
       CASE liaisons WHEN 0 THEN null ELSE round(toFloat(households) / liaisons, 2) END
         AS households_per_liaison
ORDER BY rank, area_id
