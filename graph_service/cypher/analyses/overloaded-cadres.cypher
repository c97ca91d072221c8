// title: 负担过重的干部和部门 | Overloaded cadres and departments
// description: Cadres leading more grids than a limit, and departments linked to more communities than a limit.
// mode: read
// param: grid_limit int = 3 in 1..1000 -- leading more grids than this is overloaded: 63 leaders hold the 90 roles of 45 grids, 1-2 grids each
// param: community_limit int = 2 in 1..1000 -- a department on more communities than this is spread thin: one through its service team plus one through its organ branch is the programme's design
// A cadre's load is the number of distinct grids they lead in any role (网格长 or 网格党小组组长).
// A department reaches a community through a service team it belongs to (组团联社) or an organ
// branch of its own paired with it (机关支部结对); dispatches are activity, not linkage. Which
// teams count is the shared rule rules/community-service-teams (not a wartime general team).
CALL () {
  MATCH (p:Person)-[:LEADS_GRID]->(g:Grid)
  WITH p, collect(DISTINCT g.id) AS items
  WHERE size(items) > $grid_limit
  RETURN 'cadre' AS kind, 'Person' AS label, p.id AS id, p.name AS name, items, $grid_limit AS load_limit
  UNION ALL
  MATCH (d:Department)
  CALL (d) {
    MATCH (d)-[:IN_TEAM]->(team:ServiceTeam)-[:SERVES]->(c:Community)
    CALL (c) {
      // include: rules/community-service-teams
    }
    WITH c, team, service_team WHERE service_team = team
    RETURN c
    UNION
    MATCH (d)<-[:BRANCH_OF]-(:PartyBranch {kind: 'organ'})-[:PAIRED_WITH]->(c:Community)
    RETURN c
  }
  WITH d, collect(DISTINCT c.id) AS items
  WHERE size(items) > $community_limit
  RETURN 'department' AS kind, 'Department' AS label, d.id AS id, d.name AS name, items,
         $community_limit AS load_limit
}
RETURN kind, id, label + ':' + id AS node_key, name, size(items) AS load, load_limit,
       COLLECT { UNWIND items AS item RETURN item ORDER BY item } AS items
ORDER BY kind, load DESC, id
