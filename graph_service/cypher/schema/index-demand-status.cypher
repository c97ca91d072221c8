// Demand-flow analyses group demands by status.
CREATE INDEX demand_status IF NOT EXISTS FOR (n:Demand) ON (n.status)
