// title: 某标签的全部编号 | Ids of one label
// description: The ids of one label, to check references to a table the roster does not carry.
// mode: read
// token: LABEL -- the nodes' label, from the data dictionary
// The ids of one label: references to a table the roster does not carry are checked against them.
MATCH (n:__LABEL__)
RETURN collect(n.id) AS ids
