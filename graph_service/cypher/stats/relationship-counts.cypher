// title: 各类型关系数 | Relationships per type
// description: How many relationships there are of each type.
// mode: read
// Relationships per type, for GET /api/v1/stats.
MATCH ()-[r]->()
RETURN type(r) AS type, count(*) AS count
ORDER BY type
