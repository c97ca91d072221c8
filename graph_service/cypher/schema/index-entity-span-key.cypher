// title: 实体区间键索引 | EntitySpan key index
// description: An entity's open span is found by its key when it is removed.
// mode: write
CREATE INDEX entity_span_key IF NOT EXISTS FOR (n:EntitySpan) ON (n.key)
