// title: 分配案件编号 | Take case ids
// description: Take $count new case ids from the graph's clock node; returns the last one taken.
// mode: write
// param: count int -- how many ids to take
MERGE (clock:HistoryClock {id: 'graph'})
ON CREATE SET clock.snapshot = 0
SET clock.cases = coalesce(clock.cases, 0) + $count
RETURN clock.cases AS last
