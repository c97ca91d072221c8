// title: 往返下限 | Round trip
// description: A query that reads nothing: its latency is the driver's round trip, the floor lookups are compared with.
// mode: read
// The driver's floor: a query that reads nothing, so its latency is the round trip itself
// (transaction begin, run, pull, commit over loopback Bolt). Lookups are compared with it.
RETURN 1 AS one
