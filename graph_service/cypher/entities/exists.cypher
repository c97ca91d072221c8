// title: 节点是否存在 | Node exists
// description: Whether a node of this label has this id.
// mode: read
// param: id str -- the node's id
// token: LABEL -- the label of the node (from the data model)
// Whether a node of this label has this id (a parameter naming an unknown id is a 404, never
// an empty answer). The label comes from the data dictionary's allow-list (runner.filled).
RETURN EXISTS { MATCH (n:__LABEL__ {id: $id}) } AS found
