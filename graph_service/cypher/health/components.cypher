// title: 数据库版本 | Database version
// description: Name, version and edition of the server answering: the health check.
// mode: read
// Version and edition of the server answering: the /health check.
CALL dbms.components() YIELD name, versions, edition
RETURN name, versions[0] AS version, edition
