// Every Checkpoint has a unique id (the importer's MERGE/MATCH key; also indexes id lookups).
CREATE CONSTRAINT checkpoint_id IF NOT EXISTS FOR (n:Checkpoint) REQUIRE n.id IS UNIQUE
