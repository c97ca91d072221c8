// title: 党支部编号唯一 | Unique PartyBranch id
// description: Every PartyBranch has a unique id (the importer's MERGE/MATCH key; also indexes id lookups).
// mode: write
CREATE CONSTRAINT party_branch_id IF NOT EXISTS FOR (n:PartyBranch) REQUIRE n.id IS UNIQUE
