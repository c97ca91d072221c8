// title: 撤销首次导入 | Undo a first load
// description: Delete up to a limit of nodes (and their relationships), to undo a failed first load batch by batch.
// mode: write
// param: limit int -- the most nodes to delete in this transaction
// Undo a first load that failed: delete up to $limit nodes (and their relationships) per
// transaction, so a city-sized partial graph never has to fit one transaction. The caller
// repeats it until nothing is removed; it runs only on a database that was empty before, and
// keeps the service's own bookkeeping (the writer lock the caller holds, the first-load marker).
MATCH (n)
WHERE NOT n:ServiceState
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS removed
