// title: 开始实体区间 | Open entity spans
// description: Record that these places, people and organisations hold from snapshot $snapshot on (one span per row).
// mode: write
// param: rows list -- one row per span (key, ends, role, scope ids)
// param: snapshot int -- the snapshot that made them
UNWIND $rows AS row
CREATE (s:EntitySpan)
SET s = row, s.from_snapshot = $snapshot
