// title: 案件详情 | One case
// description: One case of the caller's scope with its events, oldest first.
// mode: read
// param: id int -- the case id
// param: street str = null -- the caller's street (null: not limited to one)
// param: community str = null -- the caller's community
// param: grid str = null -- the caller's grid
MATCH (c:Case {id: $id})
WHERE ($street IS NULL OR c.street = $street)
  AND ($community IS NULL OR c.community = $community)
  AND ($grid IS NULL OR c.grid = $grid)
RETURN c {.*} AS item,
       COLLECT { MATCH (e:CaseEvent {case_id: $id}) RETURN e {.*} AS event ORDER BY e.seq } AS events
