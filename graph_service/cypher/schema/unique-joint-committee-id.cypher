// title: 联合党委编号唯一 | Unique JointCommittee id
// description: Every JointCommittee has a unique id (the importer's MERGE/MATCH key; also indexes id lookups).
// mode: write
CREATE CONSTRAINT joint_committee_id IF NOT EXISTS FOR (n:JointCommittee) REQUIRE n.id IS UNIQUE
