// title: 导出：读取关系 | Export: read relationships
// description: Every relationship of one type between two labels, with its properties.
// mode: read
// token: SOURCE -- the start node's label, from the data dictionary
// token: TYPE -- the relationship type, from the data dictionary
// token: TARGET -- the end node's label, from the data dictionary
// Every relationship of one type between two labels, with its properties (labels and type from
// the data dictionary's allow-list).
MATCH (a:__SOURCE__)-[r:__TYPE__]->(b:__TARGET__)
RETURN a.id AS source, b.id AS target, properties(r) AS props
