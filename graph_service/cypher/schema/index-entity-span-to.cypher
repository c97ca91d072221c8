// title: 实体区间终点索引 | EntitySpan end index
// description: Diffs seek the entities removed between two snapshots.
// mode: write
CREATE INDEX entity_span_to IF NOT EXISTS FOR (n:EntitySpan) ON (n.to_snapshot)
