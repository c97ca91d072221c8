// title: 连通探测 | Ping
// description: Does Neo4j answer a query at all.
// mode: read
// Does Neo4j answer a query at all (the liveness probe behind a read that is slow to answer).
RETURN 1 AS answer
