// title: 实体的关系历史 | History of one entity's links
// description: Every link span with the entity $id at either end, and the entity's own span, oldest first.
// mode: read
// param: id str -- the entity's id (spans with it at either end)
// param: key str -- the entity's own span key, Label:id
CALL () {
  MATCH (s:LinkSpan) WHERE s.source = $id RETURN s
  UNION
  MATCH (s:LinkSpan) WHERE s.target = $id RETURN s
  UNION
  MATCH (s:EntitySpan {key: $key}) RETURN s
}
RETURN s {.*, kind: head(labels(s))} AS span
ORDER BY span.from_snapshot, span.table, span.source, span.target
