// The labels and relationship types the database has: the export reads only those (asking for
// a type that was never created makes Neo4j warn).
CALL db.labels() YIELD label
RETURN collect(label) AS names
