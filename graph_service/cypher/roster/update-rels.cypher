// Import: replace the properties of changed relationships; `match` holds the key properties
// (e.g. the role of a grid leader) that tell two relationships between one pair apart.
UNWIND $rows AS row
MATCH (a:__SOURCE__ {id: row.source})-[r:__TYPE__]->(b:__TARGET__ {id: row.target})
WHERE all(k IN keys(row.match) WHERE r[k] = row.match[k])
SET r = row.props
