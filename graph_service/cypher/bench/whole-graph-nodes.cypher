// title: 全图节点 | Every node
// description: Every node with its labels and properties, for the naive whole-graph benchmark.
// mode: read
// Benchmarks, the naive path: every node with its labels and properties, to build networkx.
MATCH (n)
RETURN elementId(n) AS key, labels(n) AS labels, properties(n) AS properties
