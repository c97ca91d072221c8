// title: 导入：新建关系 | Import: create relationships
// description: Create new relationships of one type between two labels.
// mode: write
// param: rows list -- the batch of rows (at most the importer's batch size)
// token: SOURCE -- the start node's label, from the data dictionary
// token: TYPE -- the relationship type, from the data dictionary
// token: TARGET -- the end node's label, from the data dictionary
// Import: create new relationships of one type between two labels.
UNWIND $rows AS row
MATCH (a:__SOURCE__ {id: row.source})
MATCH (b:__TARGET__ {id: row.target})
CREATE (a)-[r:__TYPE__]->(b)
SET r = row.props
