// Every ServiceTeam has a unique id (the importer's MERGE/MATCH key; also indexes id lookups).
CREATE CONSTRAINT service_team_id IF NOT EXISTS FOR (n:ServiceTeam) REQUIRE n.id IS UNIQUE
