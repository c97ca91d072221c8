// title: 活动日期索引 | Event date index
// description: Activity analyses filter events by date ranges.
// mode: write
CREATE INDEX event_date IF NOT EXISTS FOR (n:Event) ON (n.date)
