// The ids of one label: references to a table the roster does not carry are checked against them.
MATCH (n:__LABEL__)
RETURN collect(n.id) AS ids
