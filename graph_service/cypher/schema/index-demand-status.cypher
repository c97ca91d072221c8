// title: 需求状态索引 | Demand status index
// description: Demand-flow analyses group demands by status.
// mode: write
CREATE INDEX demand_status IF NOT EXISTS FOR (n:Demand) ON (n.status)
