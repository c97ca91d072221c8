// title: 下一个快照编号 | Next snapshot id
// description: Take the next snapshot id from the graph's one clock node (created on first use).
// mode: write
// The clock is one node: concurrent writers queue on its lock, so two imports never take
// the same id. Its value is also the graph's version stamp (see version.cypher).
MERGE (clock:HistoryClock {id: 'graph'})
ON CREATE SET clock.snapshot = 0
SET clock.snapshot = clock.snapshot + 1
RETURN clock.snapshot AS id
