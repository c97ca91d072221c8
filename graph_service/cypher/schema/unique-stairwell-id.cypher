// title: 楼道编号唯一 | Unique Stairwell id
// description: Every Stairwell has a unique id (the importer's MERGE/MATCH key; also indexes id lookups).
// mode: write
CREATE CONSTRAINT stairwell_id IF NOT EXISTS FOR (n:Stairwell) REQUIRE n.id IS UNIQUE
