// Every District has a unique id (the importer's MERGE/MATCH key; also indexes id lookups).
CREATE CONSTRAINT district_id IF NOT EXISTS FOR (n:District) REQUIRE n.id IS UNIQUE
