// title: 账号范围内的节点 | What one scope holds
// description: What an account limited to one place may see, as labels and ids.
// mode: read
// param: id str -- the scope's place id
// token: LABEL -- the scope's place label (Street, Community or Grid, from the roles)
// The place, every place PART_OF it (down to households), the people, organisations, events
// and checkpoints linked to those places, and the demands they raised; places above it are
// outside. The label is a token so the lookup of the place is one unique-index seek.
MATCH (root:__LABEL__ {id: $id})
MATCH (place)-[:PART_OF*0..7]->(root)
WITH DISTINCT place
CALL (place) {
  RETURN place AS member
  UNION
  MATCH (member)-[:LIAISES_WITH|LEADS_GRID|LEADS_COMMUNITY|SERVES|PAIRED_WITH|CO_BUILDS|MANAGES|HELD_IN|LOCATED_IN|BUILDING_HEAD_OF|ASSIGNED_TO]->(place)
  RETURN member
  UNION
  MATCH (place)-[:RAISED]->(member)
  RETURN member
}
RETURN DISTINCT labels(member) AS labels, member.id AS id
