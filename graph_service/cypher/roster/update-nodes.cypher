// Import: replace the properties of changed nodes (a property the roster left empty goes away).
UNWIND $rows AS row
MATCH (n:__LABEL__ {id: row.id})
SET n = row
