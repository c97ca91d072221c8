// title: 最短路径 | Shortest paths
// description: The shortest paths of at most 10 steps between two nodes, over the given relationship types.
// mode: read
// param: from_element_id str -- the start node's element id
// param: to_element_id str -- the end node's element id
// param: types list = null -- the relationship types a path may use (null: all)
// param: labels list -- the data model's main labels, in the order that names a node's kind
// param: limit int -- the most paths to return
// The shortest paths between two nodes, at most 10 steps, over the relationship types in $types
// only (all of them when $types is null). The ends come as element ids, already found by
// entities/node.cypher's index seeks: a dynamic label here would scan every node.
MATCH (a) WHERE elementId(a) = $from_element_id
MATCH (b) WHERE elementId(b) = $to_element_id
MATCH path = allShortestPaths((a)-[*..10]-(b))
WHERE $types IS NULL OR all(r IN relationships(path) WHERE type(r) IN $types)
RETURN [n IN nodes(path) | {element_id: elementId(n),
                            label: [label IN $labels WHERE label IN labels(n)][0],
                            id: n.id, name: n.name}] AS nodes,
       [r IN relationships(path) | {relationship_id: elementId(r), type: type(r),
                                    source: elementId(startNode(r)),
                                    target: elementId(endNode(r)),
                                    properties: properties(r)}] AS relationships
LIMIT $limit
