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
// The candidates are ranked once for the whole graph, then each community takes the first
// ones not linked to it (ranking per community read every partner once per community: 1.2 s
// at city scale). Only departments can be linked to a community that lacks the kind: a
// community with no co-building unit has none CO_BUILDS with it, and one with no staffed organ
// branch has no staffed one paired with it, so for those the first candidates are the answer.
// Which teams count as a community's service team is the shared rule
// rules/community-service-teams (not a wartime general team).
CALL () {
  MATCH (u:Unit)
  WITH u, COUNT { (u)-[:CO_BUILDS]->(:Community) } AS load,
       COUNT { (:Event)-[:ORGANISED_BY]->(u) } AS activity
  ORDER BY load, activity DESC, u.id
  LIMIT $per_community
  RETURN collect({key: 'Unit:' + u.id, name: u.name, load: load, activity: activity}) AS units
}
CALL () {
  MATCH (b:PartyBranch {kind: 'organ'})
  WHERE EXISTS { (:Person)-[:MEMBER_OF]->(b) }
  WITH b, COUNT { (b)-[:PAIRED_WITH]->(:Community) } AS load,
       COUNT { (:Event)-[:ORGANISED_BY]->(b) } AS activity
  ORDER BY load, activity DESC, b.id
  LIMIT $per_community
  RETURN collect({key: 'PartyBranch:' + b.id, name: b.name, load: load, activity: activity})
         AS branches
}
CALL () {
  MATCH (d:Department)
  WITH d,
       COUNT {
         MATCH (d)-[:IN_TEAM]->(team:ServiceTeam)-[:SERVES]->(reached:Community)
         CALL (reached) {
           // include: rules/community-service-teams
         }
         WITH reached, team, service_team WHERE service_team = team
         RETURN reached
         UNION
         MATCH (d)<-[:BRANCH_OF]-(:PartyBranch {kind: 'organ'})-[:PAIRED_WITH]->(reached:Community)
         RETURN reached
       } AS load,
       COUNT { (:Demand)-[:DISPATCHED_TO]->(d) } AS activity
  ORDER BY load, activity DESC, d.id
  RETURN collect({key: 'Department:' + d.id, name: d.name, load: load, activity: activity})
         AS departments
}
MATCH (c:Community)
WITH c, units, branches, departments,
     EXISTS {
       CALL (c) {
         // include: rules/community-service-teams
       }
       WITH service_team WHERE EXISTS { (:Department)-[:IN_TEAM]->(service_team) }
       RETURN service_team
     } AS has_team,
     EXISTS { (b:PartyBranch {kind: 'organ'})-[:PAIRED_WITH]->(c)
              WHERE EXISTS { (:Person)-[:MEMBER_OF]->(b) } } AS has_branch,
     EXISTS { (:Unit)-[:CO_BUILDS]->(c) } AS has_unit
WHERE NOT (has_team AND has_branch AND has_unit)
WITH c, has_team, has_branch, has_unit, units, branches, departments,
     COLLECT {
       CALL (c) {
         // include: rules/community-service-teams
       }
       MATCH (d:Department)-[:IN_TEAM]->(service_team)
       RETURN DISTINCT 'Department:' + d.id
     } AS linked
UNWIND [candidate IN units WHERE NOT has_unit | candidate {.*, missing: 'co_building_unit'}]
       + [candidate IN departments[..$per_community + size(linked)]
          WHERE NOT has_team AND NOT candidate.key IN linked
          | candidate {.*, missing: 'service_team'}][..$per_community]
       + [candidate IN branches WHERE NOT has_branch | candidate {.*, missing: 'organ_branch'}]
       AS suggestion
RETURN c.id AS community_id,
       'Community:' + c.id AS node_key,
       c.name AS community,
       suggestion.missing AS missing,
       suggestion.key AS candidate_key,
       suggestion.name AS candidate,
       suggestion.load AS communities_served,
       suggestion.activity AS activity
ORDER BY community_id, missing, communities_served, activity DESC, candidate_key
