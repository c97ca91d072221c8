// title: 共建结对及活跃度 | Partnerships and their activity
// description: Every pairing of a service team, organ branch or co-building unit with a community, with events, attendances, volunteer person-times, problems solved and demands resolved.
// mode: read
// param: community_id str = null -- only pairings with this community (null: all)
// Activity counts what happened in the paired community: events the partner organised there
// (HELD_IN the community), their attendances, the attendances at its `volunteer` events
// (volunteer person-times, 志愿服务人次), the problems its events solved (Event.problems_solved),
// and the community's resolved demands dispatched to a
// department behind the partner (a team's member departments, an organ branch's department).
// Units are not dispatched to, so their demands_resolved is null (not applicable), not 0.
// `staffed` is false for a link on paper only: a team with no department, a branch with no member.
// Service teams are those of the shared rule rules/community-service-teams (a wartime general
// team is not a community's partner).
CALL () {
  MATCH (c:Community)
  CALL (c) {
    // include: rules/community-service-teams
  }
  RETURN 'service_team' AS partner_kind, 'ServiceTeam' AS label, service_team AS partner, c,
         null AS since
  UNION ALL
  MATCH (b:PartyBranch {kind: 'organ'})-[:PAIRED_WITH]->(c:Community)
  RETURN 'organ_branch' AS partner_kind, 'PartyBranch' AS label, b AS partner, c, null AS since
  UNION ALL
  MATCH (u:Unit)-[r:CO_BUILDS]->(c:Community)
  RETURN 'co_building_unit' AS partner_kind, 'Unit' AS label, u AS partner, c, r.since AS since
}
WITH partner_kind, label, partner, c, since
WHERE $community_id IS NULL OR c.id = $community_id
CALL (partner, c) {
  OPTIONAL MATCH (e:Event)-[:ORGANISED_BY]->(partner)
  WHERE (e)-[:HELD_IN]->(c)
  RETURN count(e) AS events,
         sum(COUNT { (:Person)-[:ATTENDED]->(e) }) AS attendances,
         sum(CASE e.kind WHEN 'volunteer' THEN COUNT { (:Person)-[:ATTENDED]->(e) } ELSE 0 END)
           AS volunteer_person_times,
         sum(coalesce(e.problems_solved, 0)) AS problems_solved
}
CALL (partner, c, partner_kind) {
  OPTIONAL MATCH (c)-[:RAISED]->(demand:Demand {status: 'resolved'})-[:DISPATCHED_TO]->(d:Department)
  WHERE (partner_kind = 'service_team' AND (d)-[:IN_TEAM]->(partner))
     OR (partner_kind = 'organ_branch' AND (partner)-[:BRANCH_OF]->(d))
  WITH count(DISTINCT demand) AS resolved
  RETURN CASE partner_kind WHEN 'co_building_unit' THEN null ELSE resolved END AS demands_resolved
}
RETURN partner_kind,
       partner.id AS partner_id,
       label + ':' + partner.id AS partner_key,
       partner.name AS partner,
       c.id AS community_id,
       'Community:' + c.id AS community_key,
       c.name AS community,
       since,
       CASE partner_kind
         WHEN 'service_team' THEN EXISTS { (:Department)-[:IN_TEAM]->(partner) }
         WHEN 'organ_branch' THEN EXISTS { (:Person)-[:MEMBER_OF]->(partner) }
         ELSE true
       END AS staffed,
       events, attendances, volunteer_person_times, problems_solved, demands_resolved
ORDER BY community_id, partner_kind, partner_id
