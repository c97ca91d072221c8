// title: 关系区间起端索引 | LinkSpan source index
// description: "What was true when" for a person or organisation: their spans by source id.
// mode: write
CREATE INDEX link_span_source IF NOT EXISTS FOR (n:LinkSpan) ON (n.source)
