// Every Building has a unique id (the importer's MERGE/MATCH key; also indexes id lookups).
CREATE CONSTRAINT building_id IF NOT EXISTS FOR (n:Building) REQUIRE n.id IS UNIQUE
