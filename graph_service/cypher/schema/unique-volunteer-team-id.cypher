// Every VolunteerTeam has a unique id (the importer's MERGE/MATCH key; also indexes id lookups).
CREATE CONSTRAINT volunteer_team_id IF NOT EXISTS FOR (n:VolunteerTeam) REQUIRE n.id IS UNIQUE
