// Relationships per type, for GET /api/v1/stats.
MATCH ()-[r]->()
RETURN type(r) AS type, count(*) AS count
ORDER BY type
