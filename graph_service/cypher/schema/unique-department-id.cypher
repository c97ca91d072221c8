// Every Department has a unique id (the importer's MERGE/MATCH key; also indexes id lookups).
CREATE CONSTRAINT department_id IF NOT EXISTS FOR (n:Department) REQUIRE n.id IS UNIQUE
