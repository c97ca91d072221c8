// title: 导入：更新节点 | Import: update nodes
// description: Replace the properties of changed nodes of one label.
// mode: write
// param: rows list -- the batch of rows (at most the importer's batch size)
// token: LABEL -- the nodes' label, from the data dictionary
// Import: replace the properties of changed nodes (a property the roster left empty goes away).
UNWIND $rows AS row
MATCH (n:__LABEL__ {id: row.id})
SET n = row
