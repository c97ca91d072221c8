// Import: remove relationships the roster no longer holds.
UNWIND $rows AS row
MATCH (a:__SOURCE__ {id: row.source})-[r:__TYPE__]->(b:__TARGET__ {id: row.target})
WHERE all(k IN keys(row.match) WHERE r[k] = row.match[k])
DELETE r
