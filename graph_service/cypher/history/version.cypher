// title: 图版本 | Graph version stamp
// description: The latest snapshot id with the node and relationship counts: any write changes one of them.
// mode: read
// Constant time: one node by label and the count store. A write that records no snapshot
// (another tool, a start-up refresh) still moves the counts in nearly every case.
OPTIONAL MATCH (clock:HistoryClock {id: 'graph'})
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN coalesce(clock.snapshot, 0) AS snapshot, nodes, relationships
