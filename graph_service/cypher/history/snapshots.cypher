// title: 快照列表 | Snapshots
// description: Every recorded snapshot, newest first.
// mode: read
MATCH (s:Snapshot)
RETURN s {.*} AS snapshot
ORDER BY s.id DESC
