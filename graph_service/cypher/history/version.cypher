// title: 图版本 | Graph version stamp
// description: The latest snapshot id with the node and relationship counts (any write changes one of them), and whether a first load is under way.
// mode: read
// Constant time: two nodes by label and key, and the count store. A write that records no
// snapshot (another tool, a start-up refresh) still moves the counts in nearly every case.
// Every API read asks it first (db/graph_state.py), shared by the requests that arrive together.
OPTIONAL MATCH (clock:HistoryClock {id: 'graph'})
OPTIONAL MATCH (load:ServiceState {name: 'first-load'})
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN coalesce(clock.snapshot, 0) AS snapshot, nodes, relationships,
       toString(load.since) AS loading_since, load.holder AS loading_holder
