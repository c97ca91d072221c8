// title: 层级链断裂 | Broken chains
// description: Places whose chain up to the street is broken (no parent, or a parent of the wrong kind) or ambiguous (several parents).
// mode: read
// Each place should be PART_OF exactly one place of the level above: household → stairwell →
// building → grid → community → street. Only the place where the chain breaks is listed;
// `places_below` counts the places whose own chain passes through it and so breaks too.
// Only places labelled :BrokenChain are checked: the label is kept current at every import
// (graph_service/db/derived.py), so the few broken places are found without visiting the
// others (2.2 s at city scale when every place was checked).
MATCH (n:BrokenChain)
WITH n,
     CASE
       WHEN n:Community THEN ['Community', 'Street']
       WHEN n:Grid THEN ['Grid', 'Community']
       WHEN n:Building THEN ['Building', 'Grid']
       WHEN n:Stairwell THEN ['Stairwell', 'Building']
       ELSE ['Household', 'Stairwell']
     END AS level
WITH n, level[0] AS label, level[1] AS parent_label,
     COLLECT { MATCH (n)-[:PART_OF]->(parent) RETURN parent ORDER BY parent.id } AS parents
WITH n, label, parent_label, parents,
     [parent IN parents WHERE parent_label IN labels(parent) | parent.id] AS parent_ids
WHERE size(parents) <> 1 OR size(parent_ids) <> 1
RETURN label,
       n.id AS id,
       label + ':' + n.id AS node_key,
       n.name AS name,
       CASE
         WHEN size(parents) = 0 THEN 'missing_parent'
         WHEN size(parent_ids) = 0 THEN 'wrong_parent'
         ELSE 'several_parents'
       END AS problem,
       parent_label,
       parent_ids,
       COUNT { (below)-[:PART_OF*1..4]->(n) } AS places_below
ORDER BY CASE label WHEN 'Community' THEN 0 WHEN 'Grid' THEN 1 WHEN 'Building' THEN 2
         WHEN 'Stairwell' THEN 3 ELSE 4 END, id
