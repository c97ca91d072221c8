// title: 卡点编号唯一 | Unique Checkpoint id
// description: Every Checkpoint has a unique id (the importer's MERGE/MATCH key; also indexes id lookups).
// mode: write
CREATE CONSTRAINT checkpoint_id IF NOT EXISTS FOR (n:Checkpoint) REQUIRE n.id IS UNIQUE
