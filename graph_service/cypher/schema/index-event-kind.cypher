// title: 活动类型索引 | Event kind index
// description: Activity analyses filter events by kind.
// mode: write
CREATE INDEX event_kind IF NOT EXISTS FOR (n:Event) ON (n.kind)
