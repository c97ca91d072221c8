// title: 人员与组织网络 | Person–organisation network
// description: The person–organisation network, one row per membership, leadership or partnership.
// mode: read
// The person–organisation network, one row per relationship: people, departments, teams,
// branches, units, committees, volunteer teams, posts and modules, communities and grids,
// joined by membership, leadership and partnership. Events, demands, stairwells and
// households are left out: they are activity and places, not the organisation. Each end is
// named by its main label (a Person also carries role labels such as :Liaison).
MATCH (a)-[r:WORKS_IN|MEMBER_OF|SITS_ON|VOLUNTEERS_IN|LEADS_COMMUNITY|LEADS_GRID|HOLDS_POST|IN_TEAM|SERVES|BRANCH_OF|PAIRED_WITH|CO_BUILDS|SUBSIDIARY_OF|IN_MODULE|MANAGES]->(b)
WHERE NOT b:Household
WITH a, r, b,
     ['Person', 'Department', 'ServiceTeam', 'PartyBranch', 'Unit', 'JointCommittee',
      'PropertyCompany', 'VolunteerTeam', 'Module', 'Post', 'Community', 'Grid'] AS main
RETURN [label IN main WHERE label IN labels(a)][0] AS source_label,
       a.id AS source_id, a.name AS source_name,
       type(r) AS type,
       [label IN main WHERE label IN labels(b)][0] AS target_label,
       b.id AS target_id, b.name AS target_name
