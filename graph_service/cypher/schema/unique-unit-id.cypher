// Every Unit has a unique id (the importer's MERGE/MATCH key; also indexes id lookups).
CREATE CONSTRAINT unit_id IF NOT EXISTS FOR (n:Unit) REQUIRE n.id IS UNIQUE
