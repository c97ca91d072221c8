// title: 核对调整方案 | Check rebalance moves
// description: The moves of a rebalance plan that no longer fit the graph, with their index.
// mode: read
// param: moves list -- the moves as {stairwell_id, from_id, to_id} maps
// Which moves of a rebalance plan no longer fit the graph: the giver must still liaise with the
// stairwell and the receiver must exist and not liaise with it yet. Run in the same write
// transaction as apply-moves, so the check and the change see the same graph.
UNWIND range(0, size($moves) - 1) AS index
WITH index, $moves[index] AS move
WHERE NOT EXISTS {
        (:Person {id: move.from_id})-[:LIAISES_WITH]->(:Stairwell {id: move.stairwell_id})
      }
   OR NOT EXISTS { (:Person {id: move.to_id}) }
   OR EXISTS {
        (:Person {id: move.to_id})-[:LIAISES_WITH]->(:Stairwell {id: move.stairwell_id})
      }
RETURN index, move.stairwell_id AS stairwell_id, move.from_id AS from_id, move.to_id AS to_id
ORDER BY index
