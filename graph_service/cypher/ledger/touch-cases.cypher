// title: 案件仍存在 | Cases seen again
// description: Cases whose finding is still there in snapshot $snapshot: last seen, and the owner by role.
// mode: write
// param: rows list -- {id, owner, owner_role} per case still found
// param: snapshot int -- the snapshot that found them
UNWIND $rows AS row
MATCH (c:Case {id: row.id})
SET c.last_seen_snapshot = $snapshot, c.owner = row.owner, c.owner_role = row.owner_role
