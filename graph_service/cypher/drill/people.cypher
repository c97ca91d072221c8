// title: 演练点名人员 | People named by a drill
// description: Which of the given person ids exist.
// mode: read
// param: person_ids list -- ids of people to look up
MATCH (p:Person)
WHERE p.id IN $person_ids
RETURN p.id AS id
ORDER BY id
