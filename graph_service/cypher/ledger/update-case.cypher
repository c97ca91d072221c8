// title: 修改案件 | Change a case
// description: Set a case's status, owner, deadline or reason (only the keys given).
// mode: write
// param: id int -- the case id
// param: changes list -- a list of one map: the properties to set
UNWIND $changes AS change
MATCH (c:Case {id: $id})
SET c += change
RETURN c {.*} AS item
