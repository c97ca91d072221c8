// title: 立案 | Open cases
// description: Create one Case node per new finding.
// mode: write
// param: rows list -- one row per case (its properties)
UNWIND $rows AS row
CREATE (c:Case)
SET c = row
