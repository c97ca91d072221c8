// Nodes per label (role labels such as Liaison included), for GET /api/v1/stats.
MATCH (n)
UNWIND labels(n) AS label
RETURN label, count(*) AS count
ORDER BY label
