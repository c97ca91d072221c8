// title: 超负荷成员的楼道 | An overloaded member's stairwells
// description: The stairwells one member liaises with, largest first, with their households and grid.
// mode: read
// param: person_id str -- the member's id
MATCH (p:Person {id: $person_id})
OPTIONAL MATCH (p)-[:LIAISES_WITH]->(s:Stairwell)
RETURN p.id AS person_id, p.name AS name,
       collect(CASE WHEN s IS NOT NULL
                    THEN {id: s.id, households: coalesce(s.household_count, 0)} END)
         AS stairwells
