// title: 缺少负责人的网格 | Leaderless grids
// description: Grids without a grid head (网格长) or without a party-group leader (网格党小组组长).
// mode: read
// param: grid_kind str = "residential" in residential|dedicated|all -- which grids: the 45 linked residential ones by default
// The grid-link programme (部门联格) covers the residential grids, so dedicated grids are only
// checked on request. `missing` names the role(s) nobody holds.
MATCH (g:Grid)
WHERE $grid_kind = 'all' OR g.kind = $grid_kind
WITH g,
     EXISTS { (:Person)-[:LEADS_GRID {role: 'grid_head'}]->(g) } AS has_grid_head,
     EXISTS { (:Person)-[:LEADS_GRID {role: 'party_group_leader'}]->(g) } AS has_party_group_leader
WHERE NOT (has_grid_head AND has_party_group_leader)
OPTIONAL MATCH (g)-[:PART_OF]->(c:Community)
WITH g, has_grid_head, has_party_group_leader, min(c.id) AS community_id, min(c.name) AS community
RETURN g.id AS grid_id,
       'Grid:' + g.id AS node_key,
       g.name AS grid,
       g.kind AS grid_kind,
       community_id, community,
       has_grid_head, has_party_group_leader,
       [role IN ['grid_head', 'party_group_leader']
        WHERE (role = 'grid_head' AND NOT has_grid_head)
           OR (role = 'party_group_leader' AND NOT has_party_group_leader)] AS missing
ORDER BY community_id, grid_id
