// Every City has a unique id (the importer's MERGE/MATCH key; also indexes id lookups).
CREATE CONSTRAINT city_id IF NOT EXISTS FOR (n:City) REQUIRE n.id IS UNIQUE
