// Every Demand has a unique id (the importer's MERGE/MATCH key; also indexes id lookups).
CREATE CONSTRAINT demand_id IF NOT EXISTS FOR (n:Demand) REQUIRE n.id IS UNIQUE
