// title: 名称检索索引 | Search index
// description: Every named node a user may look up (households left out), with its aliases and a short context.
// mode: read
// param: labels list -- the data model's main labels, in the order that names a node's kind
// Everything a user may look up by name, with a short context (the places above it, or a
// person's organisations). Households are left out: there are thousands and they are
// personal information; find them through their stairwell. Other names (`aliases`, such as
// 巨化集团 for 衢化集团) find the node too.
MATCH (n)
WHERE n.name IS NOT NULL AND NOT n:Household
WITH n, [label IN $labels WHERE label IN labels(n)][0] AS label
WHERE label IS NOT NULL
RETURN label,
       n.id AS id,
       n.name AS name,
       coalesce(n.aliases, []) AS aliases,
       CASE label
         WHEN 'Person' THEN COLLECT {
           MATCH (n)-[:WORKS_IN|LEADS_COMMUNITY|MEMBER_OF|VOLUNTEERS_IN]->(o)
           RETURN o.name ORDER BY o.name LIMIT 3 }
         ELSE COLLECT {
           MATCH path = (n)-[:PART_OF|LOCATED_IN|HELD_IN*1..4]->(up)
           WHERE up:Community OR up:Grid OR up:Building
           RETURN up.name ORDER BY length(path) DESC }
       END AS context
