// title: 导出：读取节点 | Export: read nodes
// description: Every node of one label with its properties (export, and the import's diff).
// mode: read
// token: LABEL -- the nodes' label, from the data dictionary
// Every node of one label with its properties (export, and the import's diff). __LABEL__ comes
// from the data dictionary's allow-list, never from a request.
MATCH (n:__LABEL__)
RETURN n {.*} AS props
