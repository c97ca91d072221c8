// title: 记录快照 | Record a snapshot
// description: Create one immutable Snapshot node: what changed, from which file, by whom.
// mode: write
// param: rows list -- the snapshot, as a list of one row (its properties)
// `changes` is JSON text (per table: added, updated, removed): Neo4j properties hold no maps.
UNWIND $rows AS row
CREATE (s:Snapshot)
SET s = row
RETURN s.id AS id
