// The driver's floor: a query that reads nothing, so its latency is the round trip itself
// (transaction begin, run, pull, commit over loopback Bolt). Lookups are compared with it.
RETURN 1 AS one
