// Benchmarks, the naive path: every node with its labels and properties, to build networkx.
MATCH (n)
RETURN elementId(n) AS key, labels(n) AS labels, properties(n) AS properties
