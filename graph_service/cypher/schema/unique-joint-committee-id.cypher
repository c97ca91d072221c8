// Every JointCommittee has a unique id (the importer's MERGE/MATCH key; also indexes id lookups).
CREATE CONSTRAINT joint_committee_id IF NOT EXISTS FOR (n:JointCommittee) REQUIRE n.id IS UNIQUE
