// title: 导入：删除节点 | Import: delete nodes
// description: Remove nodes the roster no longer holds, with their relationships.
// mode: write
// param: ids list -- the ids of the nodes to remove
// token: LABEL -- the nodes' label, from the data dictionary
// Import: remove nodes the roster no longer holds, with their relationships.
UNWIND $ids AS id
MATCH (n:__LABEL__ {id: id})
DETACH DELETE n
