// Import: remove nodes the roster no longer holds, with their relationships.
UNWIND $ids AS id
MATCH (n:__LABEL__ {id: id})
DETACH DELETE n
