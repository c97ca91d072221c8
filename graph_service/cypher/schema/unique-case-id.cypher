// title: 案件编号唯一 | Unique Case id
// description: Every ledger Case has a unique id (taken from the graph's clock).
// mode: write
CREATE CONSTRAINT case_id IF NOT EXISTS FOR (n:Case) REQUIRE n.id IS UNIQUE
