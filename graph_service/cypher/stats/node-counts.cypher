// title: 各标签节点数 | Nodes per label
// description: How many nodes carry each label (role labels included).
// mode: read
// Nodes per label (role labels such as Liaison included), for GET /api/v1/stats. The service's
// own bookkeeping (ServiceState) is not part of the network.
MATCH (n)
WHERE NOT n:ServiceState
UNWIND labels(n) AS label
RETURN label, count(*) AS count
ORDER BY label
