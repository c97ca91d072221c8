// The relationship types the database has (see read-labels).
CALL db.relationshipTypes() YIELD relationshipType
RETURN collect(relationshipType) AS names
