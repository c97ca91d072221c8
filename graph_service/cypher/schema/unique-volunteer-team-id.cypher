// title: 志愿团队编号唯一 | Unique VolunteerTeam id
// description: Every VolunteerTeam has a unique id (the importer's MERGE/MATCH key; also indexes id lookups).
// mode: write
CREATE CONSTRAINT volunteer_team_id IF NOT EXISTS FOR (n:VolunteerTeam) REQUIRE n.id IS UNIQUE
