// title: 修改案件 | Change a case
// description: Change one case of the caller's scope and add its events, in one step; a closed case takes events (comments) only.
// mode: write
// param: id int -- the case id
// param: changes list -- a list of one map: the properties to set (an empty map: comments only)
// param: events list -- the events to add to the case's history
// param: street str = null -- the caller's street (null: not limited to one)
// param: community str = null -- the caller's community
// param: grid str = null -- the caller's grid
// No row: no such case in the caller's scope. The case is locked before it is read (a property
// set and removed), so a snapshot closing it at the same moment either commits first, and this
// sees it closed and refuses, or waits until this has committed: the check and the change see
// the same case, which a check made in Python before the write could not promise.
MATCH (c:Case {id: $id})
WHERE ($street IS NULL OR c.street = $street)
  AND ($community IS NULL OR c.community = $community)
  AND ($grid IS NULL OR c.grid = $grid)
SET c._lock = true
REMOVE c._lock
WITH c
UNWIND $changes AS change
WITH c, change, c.closed_snapshot AS closed_snapshot
WITH c, change, closed_snapshot, closed_snapshot IS NOT NULL AND size(keys(change)) > 0 AS refused
FOREACH (_ IN CASE WHEN refused THEN [] ELSE [1] END | SET c += change)
FOREACH (row IN CASE WHEN refused THEN [] ELSE $events END | CREATE (e:CaseEvent) SET e = row)
RETURN refused, closed_snapshot
