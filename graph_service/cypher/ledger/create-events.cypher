// title: 案件记录 | Case events
// description: Append events to cases' histories (opened, closed, status, owner, deadline, comment).
// mode: write
// param: rows list -- one row per event
UNWIND $rows AS row
CREATE (e:CaseEvent)
SET e = row
