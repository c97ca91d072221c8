// Every Community has a unique id (the importer's MERGE/MATCH key; also indexes id lookups).
CREATE CONSTRAINT community_id IF NOT EXISTS FOR (n:Community) REQUIRE n.id IS UNIQUE
