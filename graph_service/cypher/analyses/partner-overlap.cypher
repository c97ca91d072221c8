// title: 共建单位与部门的重叠 | Partner overlap
// description: Pairs of co-building units and departments that serve the same communities (a bipartite projection with shared counts).
// mode: read
// param: min_shared int = 1 in 1..1000 -- list a pair only if it shares at least this many communities
// Partners are units (CO_BUILDS) and departments (through their service team or their organ
// branch; which teams count is the shared rule rules/community-service-teams). Each pair
// appears once; `jaccard` is shared / communities either serves, so a pair
// that serves exactly the same communities scores 1. Pairs are formed within each community's
// partners, so only pairs that share one are ever built (pairing every partner with every
// other: 1.2 s at city scale).
CALL () {
  MATCH (u:Unit)-[:CO_BUILDS]->(c:Community)
  RETURN 'Unit:' + u.id AS key, 'unit' AS kind, u.name AS name, c.id AS community_id
  UNION
  MATCH (c:Community)
  CALL (c) {
    // include: rules/community-service-teams
  }
  MATCH (d:Department)-[:IN_TEAM]->(service_team)
  RETURN 'Department:' + d.id AS key, 'department' AS kind, d.name AS name, c.id AS community_id
  UNION
  MATCH (d:Department)<-[:BRANCH_OF]-(:PartyBranch {kind: 'organ'})-[:PAIRED_WITH]->(c:Community)
  RETURN 'Department:' + d.id AS key, 'department' AS kind, d.name AS name, c.id AS community_id
}
WITH key, kind, name, collect(community_id) AS communities
WITH {key: key, kind: kind, name: name, served: size(communities)} AS partner, communities
UNWIND communities AS community_id
WITH community_id, collect(partner) AS partners
UNWIND partners AS a
UNWIND partners AS b
WITH a, b, community_id
WHERE a.key < b.key
WITH a, b, collect(community_id) AS shared
WHERE size(shared) >= $min_shared
RETURN a.key AS partner_a_key, a.kind AS partner_a_kind, a.name AS partner_a,
       b.key AS partner_b_key, b.kind AS partner_b_kind, b.name AS partner_b,
       size(shared) AS shared_communities,
       COLLECT { UNWIND shared AS community RETURN community ORDER BY community } AS shared_community_ids,
       round(toFloat(size(shared)) / (a.served + b.served - size(shared)), 4) AS jaccard
ORDER BY shared_communities DESC, partner_a_key, partner_b_key
