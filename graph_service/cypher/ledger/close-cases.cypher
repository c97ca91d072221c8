// title: 自动结案 | Close rectified cases
// description: Close the cases whose finding is gone in snapshot $snapshot, as rectified (已整改).
// mode: write
// param: ids list -- the cases to close
// param: snapshot int -- the snapshot that no longer finds their gap
// param: as_of str -- its date (YYYY-MM-DD)
UNWIND $ids AS id
MATCH (c:Case {id: id})
SET c.status = 'rectified', c.closed_snapshot = $snapshot, c.closed_on = $as_of
