// title: 标记首次导入 | Mark a first load
// description: A first load begins: readers are told the graph is incomplete until it ends.
// mode: write
// param: holder str -- who loads
// param: rows_total int -- rows the load writes
// A first load begins: until clear-first-load runs, every reader is told the graph is incomplete.
MERGE (load:ServiceState {name: 'first-load'})
SET load.since = datetime(), load.holder = $holder, load.rows_total = $rows_total
