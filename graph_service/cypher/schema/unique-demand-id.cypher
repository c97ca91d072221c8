// title: 需求编号唯一 | Unique Demand id
// description: Every Demand has a unique id (the importer's MERGE/MATCH key; also indexes id lookups).
// mode: write
CREATE CONSTRAINT demand_id IF NOT EXISTS FOR (n:Demand) REQUIRE n.id IS UNIQUE
