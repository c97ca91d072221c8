// title: 开始关系区间 | Open link spans
// description: Record that these links hold from snapshot $snapshot on (one span per row).
// mode: write
// param: rows list -- one row per span (key, ends, role, scope ids)
// param: snapshot int -- the snapshot that made them
UNWIND $rows AS row
CREATE (s:LinkSpan)
SET s = row, s.from_snapshot = $snapshot
