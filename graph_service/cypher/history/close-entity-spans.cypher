// title: 结束实体区间 | Close entity spans
// description: Record that these places, people and organisations ended with snapshot $snapshot (their open span gets `to_snapshot`).
// mode: write
// param: keys list -- the span keys of what ended
// param: snapshot int -- the snapshot that ended them
// A span is closed once and never changed again; an open span is the one without an end.
UNWIND $keys AS key
MATCH (s:EntitySpan {key: key})
WHERE s.to_snapshot IS NULL
SET s.to_snapshot = $snapshot
