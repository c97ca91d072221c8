// Delete every node and relationship. Used only on the test server (see tests/conftest.py).
MATCH (n) DETACH DELETE n
