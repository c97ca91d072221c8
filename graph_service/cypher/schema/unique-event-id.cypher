// Every Event has a unique id (the importer's MERGE/MATCH key; also indexes id lookups).
CREATE CONSTRAINT event_id IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE
