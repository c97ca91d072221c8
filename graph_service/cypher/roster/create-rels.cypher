// Import: create new relationships of one type between two labels.
UNWIND $rows AS row
MATCH (a:__SOURCE__ {id: row.source})
MATCH (b:__TARGET__ {id: row.target})
CREATE (a)-[r:__TYPE__]->(b)
SET r = row.props
