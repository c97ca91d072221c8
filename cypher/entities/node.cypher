// One node by label (from the API's allow-list, passed as a parameter) and id, with its
// relationship counts by type. One branch per label, each a unique-index seek guarded by the
// label parameter: a dynamic label (MATCH (n:$($label) {id: $id})) is planned by Neo4j 5.26 as
// a scan of every node (PROFILE: AllNodesScan), which grows with the graph (docs/performance.md).
// tests/test_entities_lookup.py checks that the branches cover every label of the API.
CALL () {
  MATCH (n:City {id: $id}) WHERE $label = 'City' RETURN n
  UNION ALL
  MATCH (n:District {id: $id}) WHERE $label = 'District' RETURN n
  UNION ALL
  MATCH (n:Street {id: $id}) WHERE $label = 'Street' RETURN n
  UNION ALL
  MATCH (n:Community {id: $id}) WHERE $label = 'Community' RETURN n
  UNION ALL
  MATCH (n:Grid {id: $id}) WHERE $label = 'Grid' RETURN n
  UNION ALL
  MATCH (n:Building {id: $id}) WHERE $label = 'Building' RETURN n
  UNION ALL
  MATCH (n:Stairwell {id: $id}) WHERE $label = 'Stairwell' RETURN n
  UNION ALL
  MATCH (n:Household {id: $id}) WHERE $label = 'Household' RETURN n
  UNION ALL
  MATCH (n:Department {id: $id}) WHERE $label = 'Department' RETURN n
  UNION ALL
  MATCH (n:ServiceTeam {id: $id}) WHERE $label = 'ServiceTeam' RETURN n
  UNION ALL
  MATCH (n:PartyBranch {id: $id}) WHERE $label = 'PartyBranch' RETURN n
  UNION ALL
  MATCH (n:Unit {id: $id}) WHERE $label = 'Unit' RETURN n
  UNION ALL
  MATCH (n:JointCommittee {id: $id}) WHERE $label = 'JointCommittee' RETURN n
  UNION ALL
  MATCH (n:PropertyCompany {id: $id}) WHERE $label = 'PropertyCompany' RETURN n
  UNION ALL
  MATCH (n:VolunteerTeam {id: $id}) WHERE $label = 'VolunteerTeam' RETURN n
  UNION ALL
  MATCH (n:Module {id: $id}) WHERE $label = 'Module' RETURN n
  UNION ALL
  MATCH (n:Post {id: $id}) WHERE $label = 'Post' RETURN n
  UNION ALL
  MATCH (n:Person {id: $id}) WHERE $label = 'Person' RETURN n
  UNION ALL
  MATCH (n:Event {id: $id}) WHERE $label = 'Event' RETURN n
  UNION ALL
  MATCH (n:Demand {id: $id}) WHERE $label = 'Demand' RETURN n
  UNION ALL
  MATCH (n:Checkpoint {id: $id}) WHERE $label = 'Checkpoint' RETURN n
}
RETURN n.id AS id,
       elementId(n) AS element_id,
       n.name AS name,
       labels(n) AS labels,
       properties(n) AS properties,
       COLLECT { MATCH (n)-[r]-() WITH type(r) AS type, count(*) AS count
                 RETURN {type: type, count: count} ORDER BY type } AS degree
