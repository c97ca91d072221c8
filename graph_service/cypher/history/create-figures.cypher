// title: 记录主要指标 | Record headline figures
// description: Keep one snapshot's headline figures, one node per scope (street, community, grid).
// mode: write
// param: rows list -- one row per scope
UNWIND $rows AS row
CREATE (f:Figures)
SET f = row
