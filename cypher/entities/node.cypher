// One node by label (from the API's allow-list, passed as a parameter) and id, with its
// relationship counts by type.
MATCH (n:$($label) {id: $id})
RETURN n.id AS id,
       elementId(n) AS element_id,
       n.name AS name,
       labels(n) AS labels,
       properties(n) AS properties,
       COLLECT { MATCH (n)-[r]-() WITH type(r) AS type, count(*) AS count
                 RETURN {type: type, count: count} ORDER BY type } AS degree
