// title: 按标签和编号查节点 | One node by label and id
// description: One node with its relationship counts by type: one unique-index seek.
// mode: read
// param: id str -- the node's id
// token: LABEL -- the node's label, from the API's allow-list
// The label is filled in from the API's allow-list (`db.queries.filled`), because a label cannot
// be a parameter: a dynamic label (MATCH (n:$($label) {id: $id})) is planned by Neo4j 5.26 as a scan
// of every node, and one guarded UNION branch per label cost ~0.3 ms more than this single
// unique-index seek (docs/performance.md). tests/test_entities_lookup.py EXPLAINs every label.
MATCH (n:__LABEL__ {id: $id})
RETURN n.id AS id,
       elementId(n) AS element_id,
       n.name AS name,
       labels(n) AS labels,
       properties(n) AS properties,
       COLLECT { MATCH (n)-[r]-() WITH type(r) AS type, count(*) AS count
                 RETURN {type: type, count: count} ORDER BY type } AS degree
