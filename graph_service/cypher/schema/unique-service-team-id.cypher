// title: 服务团编号唯一 | Unique ServiceTeam id
// description: Every ServiceTeam has a unique id (the importer's MERGE/MATCH key; also indexes id lookups).
// mode: write
CREATE CONSTRAINT service_team_id IF NOT EXISTS FOR (n:ServiceTeam) REQUIRE n.id IS UNIQUE
