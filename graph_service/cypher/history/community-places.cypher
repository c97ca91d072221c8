// title: 社区与街道 | Communities and streets
// description: Every community with its street, and every street with its name.
// mode: read
CALL () {
  MATCH (c:Community)
  OPTIONAL MATCH (c)-[:PART_OF]->(st:Street)
  RETURN 'Community' AS level, c.id AS id, c.name AS name, min(st.id) AS street_id
  UNION ALL
  MATCH (st:Street)
  RETURN 'Street' AS level, st.id AS id, st.name AS name, null AS street_id
}
RETURN level, id, name, street_id
