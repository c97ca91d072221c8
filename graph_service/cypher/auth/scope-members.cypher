// title: 账号范围内的节点 | What one scope holds
// description: What an account limited to one place may see, as labels and ids.
// mode: read
// param: id str -- the scope's place id
// token: LABEL -- the scope's place label (Street, Community or Grid, from the roles)
// The place, every place PART_OF it (down to households), the people, organisations, events
// and checkpoints linked to those places, the departments in the service teams that serve
// them (组团联社), and the demands they raised; places above it are
// outside. Checkpoints sit in a community (LOCATED_IN) rather than being PART_OF it: they count
// as its places, so the people assigned to them are the community's too. The label is a token
// so the lookup of the place is one unique-index seek.
MATCH (root:__LABEL__ {id: $id})
MATCH (part)-[:PART_OF*0..7]->(root)
WITH collect(DISTINCT part) AS parts
WITH parts + COLLECT {
  UNWIND parts AS part
  MATCH (checkpoint:Checkpoint)-[:LOCATED_IN]->(part)
  RETURN checkpoint
} AS places
UNWIND places AS place
WITH DISTINCT place
CALL (place) {
  RETURN place AS member
  UNION
  MATCH (member)-[:LIAISES_WITH|LEADS_GRID|LEADS_COMMUNITY|SERVES|PAIRED_WITH|CO_BUILDS|MANAGES|HELD_IN|LOCATED_IN|BUILDING_HEAD_OF|ASSIGNED_TO]->(place)
  RETURN member
  UNION
  MATCH (place)-[:RAISED]->(member)
  RETURN member
  UNION
  MATCH (member:Department)-[:IN_TEAM]->(:ServiceTeam)-[:SERVES]->(place)
  RETURN member
}
RETURN DISTINCT labels(member) AS labels, member.id AS id
