// title: 关系区间起点索引 | LinkSpan start index
// description: Diffs seek the spans that began between two snapshots.
// mode: write
CREATE INDEX link_span_from IF NOT EXISTS FOR (n:LinkSpan) ON (n.from_snapshot)
