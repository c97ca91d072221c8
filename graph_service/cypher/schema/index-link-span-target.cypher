// title: 关系区间终端索引 | LinkSpan target index
// description: "What was true when" for a place: its spans by target id.
// mode: write
CREATE INDEX link_span_target IF NOT EXISTS FOR (n:LinkSpan) ON (n.target)
