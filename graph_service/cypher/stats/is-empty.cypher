// title: 数据库是否为空 | Is the database empty
// description: Whether the database holds no node of the network.
// mode: read
// Whether the database holds no node of the network (make run loads the sample only then; an
// import into an empty database is a first load, committed batch by batch). The service's own
// bookkeeping (ServiceState: the writer lock, the first-load marker) does not count.
RETURN NOT EXISTS { MATCH (n) WHERE NOT n:ServiceState } AS empty
