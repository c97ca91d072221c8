// title: 案件记录索引 | CaseEvent case index
// description: A case's history is its events.
// mode: write
CREATE INDEX case_event_case IF NOT EXISTS FOR (n:CaseEvent) ON (n.case_id)
