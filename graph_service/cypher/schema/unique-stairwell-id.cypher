// Every Stairwell has a unique id (the importer's MERGE/MATCH key; also indexes id lookups).
CREATE CONSTRAINT stairwell_id IF NOT EXISTS FOR (n:Stairwell) REQUIRE n.id IS UNIQUE
