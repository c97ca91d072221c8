// title: 缺少共建伙伴的社区 | Unpartnered communities
// description: Communities without a staffed service team, a staffed paired organ branch or a co-building unit.
// mode: read
// The three partner kinds are the three links a community should have: a service team of
// departments (组团联社), an organ branch paired with it (机关支部结对) and at least one
// co-building unit under contract (契约化共建). A link on paper only does not count: a service
// team needs at least one department in it (and only a community team counts, by the shared
// rule rules/community-service-teams: a wartime general team does not), an organ branch at least one member
// (`partnerships` still lists such pairings, with `staffed` false). `missing` names the kinds
// a community lacks.
MATCH (c:Community)
WITH c,
     COUNT {
       CALL (c) {
         // include: rules/community-service-teams
       }
       WITH service_team WHERE EXISTS { (:Department)-[:IN_TEAM]->(service_team) }
       RETURN service_team
     } AS service_teams,
     COUNT { (b:PartyBranch {kind: 'organ'})-[:PAIRED_WITH]->(c)
             WHERE EXISTS { (:Person)-[:MEMBER_OF]->(b) } } AS organ_branches,
     COUNT { (:Unit)-[:CO_BUILDS]->(c) } AS co_building_units
WHERE service_teams = 0 OR organ_branches = 0 OR co_building_units = 0
RETURN c.id AS community_id,
       'Community:' + c.id AS node_key,
       c.name AS community,
       service_teams, organ_branches, co_building_units,
       [kind IN ['service_team', 'organ_branch', 'co_building_unit']
        WHERE (kind = 'service_team' AND service_teams = 0)
           OR (kind = 'organ_branch' AND organ_branches = 0)
           OR (kind = 'co_building_unit' AND co_building_units = 0)] AS missing
ORDER BY community_id
