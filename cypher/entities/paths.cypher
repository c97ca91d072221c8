// The shortest paths between two nodes (labels from the allow-list), at most 10 steps, over
// the relationship types in $types only (all of them when $types is null).
MATCH (a:$($from_label) {id: $from_id}), (b:$($to_label) {id: $to_id})
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
