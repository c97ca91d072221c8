// title: 执行调整方案 | Apply rebalance moves
// description: The receivers take over the givers' liaisons with the stairwells of checked moves.
// mode: write
// param: moves list -- the moves as {stairwell_id, from_id, to_id} maps, checked by plans/check-moves
// Apply checked rebalance moves: the receiver takes over the giver's liaison with the stairwell,
// keeping its role (红管家 / 楼道长) and starting `since` today; the giver's link is removed.
// One row per move, with the role, so the move is recorded as history too.
UNWIND $moves AS move
MATCH (giver:Person {id: move.from_id})-[old:LIAISES_WITH]->(s:Stairwell {id: move.stairwell_id})
MATCH (receiver:Person {id: move.to_id})
WITH move, giver, old, s, receiver, old.role AS role
CREATE (receiver)-[:LIAISES_WITH {role: role, since: date()}]->(s)
SET receiver:Liaison
DELETE old
RETURN move.stairwell_id AS stairwell_id, move.from_id AS from_id, move.to_id AS to_id, role
