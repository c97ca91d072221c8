// title: 楼道的住户与联系党员 | Households and liaisons of a stairwell
// description: The households PART_OF one stairwell and the people who LIAISES_WITH it (no head names or phones).
// mode: read
// param: id str -- the stairwell's id
MATCH (w:Stairwell {id: $id})
CALL (w) {
  MATCH (h:Household)-[:PART_OF]->(w)
  RETURN 'Household' AS label, h.id AS id, h.name AS name,
         {residents: h.residents, app_activated: h.app_activated} AS attributes,
         'PART_OF' AS edge_type, {} AS edge_attributes
  UNION ALL
  MATCH (p:Person)-[r:LIAISES_WITH]->(w)
  RETURN 'Person' AS label, p.id AS id, p.name AS name,
         {party_member: p.party_member,
          stairwells_held: COUNT { (p)-[:LIAISES_WITH]->(:Stairwell) }} AS attributes,
         'LIAISES_WITH' AS edge_type, {role: r.role} AS edge_attributes
}
RETURN label, id, name, attributes, edge_type, edge_attributes
ORDER BY label, id
