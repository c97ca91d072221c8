// title: 当前仍在的实体 | Entities in the graph now
// description: Of these entity keys (Label:id), the ones whose entity is in the current graph (its span is open).
// mode: read
// param: keys list -- entity keys named by a diff
// One index seek per key: what a diff names, not the graph's size.
UNWIND $keys AS key
MATCH (s:EntitySpan {key: key})
WHERE s.to_snapshot IS NULL
RETURN DISTINCT key
