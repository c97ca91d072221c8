// Every Street has a unique id (the importer's MERGE/MATCH key; also indexes id lookups).
CREATE CONSTRAINT street_id IF NOT EXISTS FOR (n:Street) REQUIRE n.id IS UNIQUE
