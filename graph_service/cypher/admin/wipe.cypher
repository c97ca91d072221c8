// title: 清空数据库 | Wipe the database
// description: Delete every node and relationship (the test and benchmark servers only).
// mode: write
// Delete every node and relationship. Used only on the test server (see tests/conftest.py).
MATCH (n) DETACH DELETE n
