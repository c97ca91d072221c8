// title: 仍被引用的行 | Rows still referring
// description: What still links to nodes an import would remove.
// mode: read
// param: ids list -- ids of the nodes the import would remove
// param: limit int -- the most relationships to return
// token: LABEL -- the label of the removed nodes (from the data model)
// What still links to nodes an import would remove: each relationship with the node at its
// other end, so the importer can name the table (and row) it belongs to. The label is filled
// from the data dictionary's allow-list (sync.statement).
MATCH (n:__LABEL__)
WHERE n.id IN $ids
MATCH (n)-[r]-(other)
RETURN n.id AS id,
       type(r) AS type,
       startNode(r) = n AS outgoing,
       labels(other) AS labels,
       other.id AS other_id
LIMIT $limit
