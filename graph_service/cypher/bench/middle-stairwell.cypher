// title: 居中的楼道 | The middle stairwell
// description: The stairwell in the middle of the id order: the entity the lookup benchmark asks for.
// mode: read
// Benchmarks: the stairwell in the middle of the id order, the entity the lookup asks for.
MATCH (s:Stairwell)
WITH s ORDER BY s.id
WITH collect(s.id) AS ids
RETURN ids[size(ids) / 2] AS id
