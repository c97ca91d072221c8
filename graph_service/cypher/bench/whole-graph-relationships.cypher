// title: 全图关系 | Every relationship
// description: Every relationship with its ends, type and properties, for the naive whole-graph benchmark.
// mode: read
// Benchmarks, the naive path: every relationship with its ends, type and properties.
MATCH (a)-[r]->(b)
RETURN elementId(a) AS source, elementId(b) AS target, type(r) AS type, properties(r) AS properties
