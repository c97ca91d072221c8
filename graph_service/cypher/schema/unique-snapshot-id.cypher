// title: 快照编号唯一 | Unique Snapshot id
// description: Every Snapshot has a unique id (the history's sequence; never reused).
// mode: write
CREATE CONSTRAINT snapshot_id IF NOT EXISTS FOR (n:Snapshot) REQUIRE n.id IS UNIQUE
