// title: 服务状态名称唯一 | Unique service state names
// description: Each ServiceState bookkeeping node (writer lock, first-load marker) has a unique name.
// mode: write
// The service's own bookkeeping nodes (the writer lock, the first-load marker) are one per name.
// Not part of the network: no roster, export, analysis or count reads the label ServiceState.
CREATE CONSTRAINT service_state_name IF NOT EXISTS FOR (n:ServiceState) REQUIRE n.name IS UNIQUE
