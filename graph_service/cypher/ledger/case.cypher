// title: 案件详情 | One case
// description: One case with its events, oldest first.
// mode: read
// param: id int -- the case id
MATCH (c:Case {id: $id})
RETURN c {.*} AS item,
       COLLECT { MATCH (e:CaseEvent {case_id: $id}) RETURN e {.*} AS event ORDER BY e.seq } AS events
