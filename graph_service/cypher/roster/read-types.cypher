// title: 数据库中的关系类型 | Relationship types in the database
// description: The relationship types the database has, so reads skip types never created.
// mode: read
// The relationship types the database has (see read-labels).
CALL db.relationshipTypes() YIELD relationshipType
RETURN collect(relationshipType) AS names
