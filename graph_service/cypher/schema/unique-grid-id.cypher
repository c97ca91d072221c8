// title: 网格编号唯一 | Unique Grid id
// description: Every Grid has a unique id (the importer's MERGE/MATCH key; also indexes id lookups).
// mode: write
CREATE CONSTRAINT grid_id IF NOT EXISTS FOR (n:Grid) REQUIRE n.id IS UNIQUE
