// title: 节点与关系总数 | Node and relationship counts
// description: How many nodes and relationships the graph holds, from the count store: the result cache's change check.
// mode: read
// Result cache: how many nodes and relationships the graph holds. Both counts come from Neo4j's
// count store (constant time, one row even for an empty graph), so the cache can ask often.
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN nodes, relationships
