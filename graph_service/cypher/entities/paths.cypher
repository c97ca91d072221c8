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
