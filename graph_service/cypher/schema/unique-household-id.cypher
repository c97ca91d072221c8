// Every Household has a unique id (the importer's MERGE/MATCH key; also indexes id lookups).
CREATE CONSTRAINT household_id IF NOT EXISTS FOR (n:Household) REQUIRE n.id IS UNIQUE
