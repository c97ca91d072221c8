// Every relationship of one type between two labels, with its properties (labels and type from
// the data dictionary's allow-list).
MATCH (a:__SOURCE__)-[r:__TYPE__]->(b:__TARGET__)
RETURN a.id AS source, b.id AS target, properties(r) AS props
