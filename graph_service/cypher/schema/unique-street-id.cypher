// title: 街道编号唯一 | Unique Street id
// description: Every Street has a unique id (the importer's MERGE/MATCH key; also indexes id lookups).
// mode: write
CREATE CONSTRAINT street_id IF NOT EXISTS FOR (n:Street) REQUIRE n.id IS UNIQUE
