// title: 关系区间终点索引 | LinkSpan end index
// description: Diffs seek the spans that ended between two snapshots.
// mode: write
CREATE INDEX link_span_to IF NOT EXISTS FOR (n:LinkSpan) ON (n.to_snapshot)
