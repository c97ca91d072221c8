// title: 一圈邻居 | One ring of neighbours
// description: The relationships and neighbours of the given nodes, at most a limit of them.
// mode: read
// param: element_ids list -- the nodes of the ring, by element id (valid within one request)
// param: labels list -- the data model's main labels, in the order that names a node's kind
// param: limit int -- the most rows to return
// One ring of a neighbourhood: the relationships and neighbours of the given nodes (by
// elementId, valid within one request), at most $limit of them. $labels is the allow-list of
// main labels, in order, so a Person's role labels (:Liaison, …) are not taken for its kind.
MATCH (n)
WHERE elementId(n) IN $element_ids
MATCH (n)-[r]-(m)
RETURN elementId(m) AS element_id,
       [label IN $labels WHERE label IN labels(m)][0] AS label,
       m.id AS id,
       m.name AS name,
       elementId(r) AS relationship_id,
       type(r) AS type,
       elementId(startNode(r)) AS source,
       elementId(endNode(r)) AS target,
       properties(r) AS properties
ORDER BY element_id, relationship_id
LIMIT $limit
