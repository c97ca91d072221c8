// title: 案件街道索引 | Case street index
// description: A street's ledger page reads its cases.
// mode: write
CREATE INDEX case_street IF NOT EXISTS FOR (n:Case) ON (n.street)
