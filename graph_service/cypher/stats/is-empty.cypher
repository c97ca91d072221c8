// title: 数据库是否为空 | Is the database empty
// description: Whether the database holds no node at all.
// mode: read
// Whether the database holds no node at all (make run loads the sample only then; an import
// into an empty database is a first load, committed batch by batch).
RETURN NOT EXISTS { MATCH (n) } AS empty
