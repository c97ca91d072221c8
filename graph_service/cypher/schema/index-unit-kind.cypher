// title: 单位类型索引 | Unit kind index
// description: Partnership analyses filter units by kind.
// mode: write
CREATE INDEX unit_kind IF NOT EXISTS FOR (n:Unit) ON (n.kind)
