// title: 共同参与网络 | Co-attendance
// description: Everyone who attended an event, with the events and their formal community.
// mode: read
// Everyone who attended an event, with the events and their formal community, the first of:
// the community they lead (社区班子); the community of the grids they lead; the community
// holding most of the stairwells they liaise with; the community their organ branch is paired
// with (机关支部结对); the community their department's service team serves most (组团联社).
// Stairwells are placed, and service teams counted, by the shared rules rules/stairwell-place
// and rules/community-service-teams.
// Ties go to the lowest id; null for people with none of these (e.g. retired volunteers).
MATCH (p:Person)
WHERE EXISTS { (p)-[:ATTENDED]->(:Event) }
CALL (p) {
  OPTIONAL MATCH (p)-[:LEADS_GRID]->(:Grid)-[:PART_OF]->(c:Community)
  WITH c.id AS id, count(c) AS n
  ORDER BY n DESC, id
  RETURN collect(id)[0] AS grid_community
}
CALL (p) {
  OPTIONAL MATCH (p)-[:LIAISES_WITH]->(s:Stairwell)
  OPTIONAL CALL (s) {
    // include: rules/stairwell-place
  }
  WITH community.id AS id, count(community) AS n
  ORDER BY n DESC, id
  RETURN collect(id)[0] AS liaison_community
}
CALL (p) {
  OPTIONAL MATCH (p)-[:WORKS_IN]->(:Department)-[:IN_TEAM]->(team:ServiceTeam)
                 -[:SERVES]->(c:Community)
  OPTIONAL CALL (c) {
    // include: rules/community-service-teams
  }
  WITH c, team, service_team
  WHERE service_team = team
  WITH c.id AS id, count(c) AS n
  ORDER BY n DESC, id
  RETURN collect(id)[0] AS department_community
}
RETURN p.id AS person_id,
       p.name AS name,
       COLLECT { MATCH (p)-[:ATTENDED]->(e:Event) RETURN e.id ORDER BY e.id } AS events,
       coalesce(
         COLLECT { MATCH (p)-[:LEADS_COMMUNITY]->(c:Community) RETURN c.id ORDER BY c.id }[0],
         grid_community,
         liaison_community,
         COLLECT { MATCH (p)-[:MEMBER_OF]->(:PartyBranch {kind: 'organ'})-[:PAIRED_WITH]->(c:Community)
                   RETURN c.id ORDER BY c.id }[0],
         department_community
       ) AS community_id
ORDER BY person_id
