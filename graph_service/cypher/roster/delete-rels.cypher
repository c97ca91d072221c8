// title: 导入：删除关系 | Import: delete relationships
// description: Remove relationships the roster no longer holds.
// mode: write
// param: rows list -- the batch of rows (at most the importer's batch size)
// token: SOURCE -- the start node's label, from the data dictionary
// token: TYPE -- the relationship type, from the data dictionary
// token: TARGET -- the end node's label, from the data dictionary
// Import: remove relationships the roster no longer holds.
UNWIND $rows AS row
MATCH (a:__SOURCE__ {id: row.source})-[r:__TYPE__]->(b:__TARGET__ {id: row.target})
WHERE all(k IN keys(row.match) WHERE r[k] = row.match[k])
DELETE r
