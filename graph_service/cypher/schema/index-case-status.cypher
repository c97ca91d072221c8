// title: 案件状态索引 | Case status index
// description: Each snapshot reads the open cases by status.
// mode: write
CREATE INDEX case_status IF NOT EXISTS FOR (n:Case) ON (n.status)
