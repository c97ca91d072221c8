// Version and edition of the server answering: the /health check.
CALL dbms.components() YIELD name, versions, edition
RETURN name, versions[0] AS version, edition
