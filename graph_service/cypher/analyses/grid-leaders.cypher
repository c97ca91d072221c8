// title: 网格负责人 | Grid leaders
// description: Every grid with its community and the people who hold its two roles, by name: grid head (网格长) and party-group leader (网格党小组组长).
// mode: read
// param: community_id str = null -- only grids of this community (null: the whole street)
// param: grid_kind str = "all" in residential|dedicated|all -- which grids
// A grid in two communities (a broken chain) is listed once, under the first community by id,
// as leaderless-grids lists it. An empty list means nobody holds that role.
MATCH (g:Grid)
WHERE $grid_kind = 'all' OR g.kind = $grid_kind
OPTIONAL MATCH (g)-[:PART_OF]->(c:Community)
WITH g, min(c.id) AS community_id, min(c.name) AS community
WHERE $community_id IS NULL OR community_id = $community_id
RETURN g.id AS grid_id,
       'Grid:' + g.id AS node_key,
       g.name AS grid,
       g.kind AS grid_kind,
       community_id, community,
       COLLECT { MATCH (p:Person)-[:LEADS_GRID {role: 'grid_head'}]->(g)
                 RETURN p.name ORDER BY p.name } AS grid_heads,
       COLLECT { MATCH (p:Person)-[:LEADS_GRID {role: 'party_group_leader'}]->(g)
                 RETURN p.name ORDER BY p.name } AS party_group_leaders
ORDER BY community_id, grid_id
