// title: 导入：新建节点 | Import: create nodes
// description: Create the new nodes of one label, a batch of rows at a time.
// mode: write
// param: rows list -- the batch of rows (at most the importer's batch size)
// token: LABEL -- the nodes' label, from the data dictionary
// Import: create the new nodes of one label, a batch of rows at a time.
UNWIND $rows AS row
CREATE (n:__LABEL__)
SET n = row
