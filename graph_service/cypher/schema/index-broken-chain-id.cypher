// title: 断链地点索引 | Broken-chain places index
// description: The places labelled :BrokenChain by id, so the label exists (and broken-chains runs without an unknown-label warning) even where no chain is broken.
// mode: write
// The label is derived state (graph_service/db/derived.py, cypher/roster/place-chains.cypher).
// Creating the index creates the label's token: a graph with no broken chain would otherwise
// answer broken-chains with Neo4j's warning that the label does not exist.
CREATE INDEX broken_chain_id IF NOT EXISTS FOR (n:BrokenChain) ON (n.id)
