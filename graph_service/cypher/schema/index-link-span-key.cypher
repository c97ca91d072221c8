// title: 关系区间键索引 | LinkSpan key index
// description: A link's open span is found by its key when the link ends.
// mode: write
CREATE INDEX link_span_key IF NOT EXISTS FOR (n:LinkSpan) ON (n.key)
