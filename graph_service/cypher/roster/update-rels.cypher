// title: 导入：更新关系 | Import: update relationships
// description: Replace the properties of changed relationships of one type between two labels.
// mode: write
// param: rows list -- the batch of rows (at most the importer's batch size)
// token: SOURCE -- the start node's label, from the data dictionary
// token: TYPE -- the relationship type, from the data dictionary
// token: TARGET -- the end node's label, from the data dictionary
// Import: replace the properties of changed relationships; `match` holds the key properties
// (e.g. the role of a grid leader) that tell two relationships between one pair apart.
UNWIND $rows AS row
MATCH (a:__SOURCE__ {id: row.source})-[r:__TYPE__]->(b:__TARGET__ {id: row.target})
WHERE all(k IN keys(row.match) WHERE r[k] = row.match[k])
SET r = row.props
