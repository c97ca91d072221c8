// title: 区编号唯一 | Unique District id
// description: Every District has a unique id (the importer's MERGE/MATCH key; also indexes id lookups).
// mode: write
CREATE CONSTRAINT district_id IF NOT EXISTS FOR (n:District) REQUIRE n.id IS UNIQUE
