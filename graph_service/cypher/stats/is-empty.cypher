// Whether the database holds no node at all (make run loads the sample only then; an import
// into an empty database is a first load, committed batch by batch).
RETURN NOT EXISTS { MATCH (n) } AS empty
