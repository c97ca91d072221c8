// title: 实体区间起点索引 | EntitySpan start index
// description: Diffs seek the entities added between two snapshots.
// mode: write
CREATE INDEX entity_span_from IF NOT EXISTS FOR (n:EntitySpan) ON (n.from_snapshot)
