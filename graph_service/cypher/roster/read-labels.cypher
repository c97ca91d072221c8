// title: 数据库中的标签 | Labels in the database
// description: The labels the database has, so reads skip labels never created.
// mode: read
// The labels and relationship types the database has: the export reads only those (asking for
// a type that was never created makes Neo4j warn).
CALL db.labels() YIELD label
RETURN collect(label) AS names
