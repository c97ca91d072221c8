// title: 建议新增结对 | Suggested pairings
// description: For each community missing a partner kind, the partners with the most spare capacity that could pair with it.
// mode: read
// param: per_community int = 3 in 1..50 -- candidates listed per community and missing kind
// A heuristic, not a plan: a community that lacks a co-building unit is offered the units that
// co-build with the fewest communities (then the most events organised anywhere); one lacking
// a staffed service team, the departments reaching the fewest communities (through teams and
// organ branches; then the most demands dispatched to them); one lacking a staffed organ
// branch, the staffed organ branches with the fewest pairings (then the most events). Partners
// already linked to the community that way are never suggested.
MATCH (c:Community)
WITH c,
     EXISTS { (t:ServiceTeam {kind: 'community'})-[:SERVES]->(c)
              WHERE EXISTS { (:Department)-[:IN_TEAM]->(t) } } AS has_team,
     EXISTS { (b:PartyBranch {kind: 'organ'})-[:PAIRED_WITH]->(c)
              WHERE EXISTS { (:Person)-[:MEMBER_OF]->(b) } } AS has_branch,
     EXISTS { (:Unit)-[:CO_BUILDS]->(c) } AS has_unit
WHERE NOT (has_team AND has_branch AND has_unit)
CALL (c, has_team, has_branch, has_unit) {
  MATCH (u:Unit)
  WHERE NOT has_unit AND NOT (u)-[:CO_BUILDS]->(c)
  WITH u, COUNT { (u)-[:CO_BUILDS]->(:Community) } AS load,
       COUNT { (:Event)-[:ORGANISED_BY]->(u) } AS activity
  ORDER BY load, activity DESC, u.id
  LIMIT $per_community
  RETURN 'co_building_unit' AS missing, 'Unit:' + u.id AS candidate_key, u.name AS candidate,
         load, activity
  UNION ALL
  MATCH (d:Department)
  WHERE NOT has_team AND NOT (d)-[:IN_TEAM]->(:ServiceTeam)-[:SERVES]->(c)
  WITH d,
       COUNT {
         MATCH (d)-[:IN_TEAM]->(:ServiceTeam)-[:SERVES]->(reached:Community)
         RETURN reached
         UNION
         MATCH (d)<-[:BRANCH_OF]-(:PartyBranch {kind: 'organ'})-[:PAIRED_WITH]->(reached:Community)
         RETURN reached
       } AS load,
       COUNT { (:Demand)-[:DISPATCHED_TO]->(d) } AS activity
  ORDER BY load, activity DESC, d.id
  LIMIT $per_community
  RETURN 'service_team' AS missing, 'Department:' + d.id AS candidate_key,
         d.name AS candidate, load, activity
  UNION ALL
  MATCH (b:PartyBranch {kind: 'organ'})
  WHERE NOT has_branch AND NOT (b)-[:PAIRED_WITH]->(c) AND EXISTS { (:Person)-[:MEMBER_OF]->(b) }
  WITH b, COUNT { (b)-[:PAIRED_WITH]->(:Community) } AS load,
       COUNT { (:Event)-[:ORGANISED_BY]->(b) } AS activity
  ORDER BY load, activity DESC, b.id
  LIMIT $per_community
  RETURN 'organ_branch' AS missing, 'PartyBranch:' + b.id AS candidate_key,
         b.name AS candidate, load, activity
}
RETURN c.id AS community_id,
       'Community:' + c.id AS node_key,
       c.name AS community,
       missing, candidate_key, candidate,
       load AS communities_served,
       activity
ORDER BY community_id, missing, communities_served, activity DESC, candidate_key
