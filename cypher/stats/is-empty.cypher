// Whether the database holds no node at all (make run loads the sample only then).
RETURN NOT EXISTS { MATCH (n) } AS empty
