// title: 社区的服务团 | A community's service teams
// description: Shared rule: the service teams that stand behind a community (组团联社): the community teams that serve it.
// mode: read
// One rule, one place: which teams count as a community's service team. A team of kind
// `community` that SERVES the community counts; a wartime general team (服务总团, kind
// `general`) does not, even where a roster says it serves one: it runs checkpoints in wartime
// and is not the community's peacetime partner. Whether the team has a department in it is
// not part of the rule: analyses that ask for a staffed team say so themselves.
// Taken in as `CALL (c) { // include: rules/community-service-teams }` (c: the community),
// giving one row per `service_team`. Used by: analyses/unpartnered-communities,
// analyses/partnerships, analyses/pairing-suggestions, analyses/overloaded-cadres,
// analyses/partner-overlap, projections/co-attendance.
MATCH (service_team:ServiceTeam)-[:SERVES]->(c:Community)
WHERE service_team.kind = 'community'
RETURN service_team
