// title: 演练撤出人员 | People a drill takes out
// description: The staff of the recalled departments and the people named, each once.
// mode: read
// param: department_ids list -- the recalled departments: all their staff are taken out
// param: person_ids list -- people taken out by name
// A person who works in a recalled department is out even if they also work in another.
CALL () {
  MATCH (p:Person)-[:WORKS_IN]->(d:Department)
  WHERE d.id IN $department_ids
  RETURN p
  UNION
  MATCH (p:Person)
  WHERE p.id IN $person_ids
  RETURN p
}
RETURN p.id AS id
ORDER BY id
