// title: 模块编号唯一 | Unique Module id
// description: Every Module has a unique id (the importer's MERGE/MATCH key; also indexes id lookups).
// mode: write
CREATE CONSTRAINT module_id IF NOT EXISTS FOR (n:Module) REQUIRE n.id IS UNIQUE
