// title: 联户负担过重的党员 | Overloaded liaisons
// description: Members over a stairwell or household limit, and members whose household load is an outlier in their community (z-score).
// mode: read
// param: stairwell_limit int = 3 in 1..10000 -- more stairwells than this is overloaded: about 3x the street's 1,109 / 1,000 ≈ 1.1 per member
// param: household_limit int = 54 in 1..1000000 -- more households than this is overloaded: 3x the street's 18,000 / 1,000 = 18 per member
// param: z_limit float = 3.0 in 0..100 -- an outlier's household load lies more than this many standard deviations above its community's mean
// Why both: an absolute limit finds members overloaded by the programme's own ratios; the
// outlier test finds members carrying far more than their neighbours even where every load is
// small. Why a z-score and not the IQR: most members look after exactly one stairwell, so the
// quartiles of stairwell counts coincide and an IQR fence would flag every second stairwell;
// household loads have a spread and a z-score over them (population standard deviation) is
// stable for the ~100 members of a community. A member's community is the one holding most
// of their stairwells (ties: the lowest id); members in a community are compared by their
// whole load. One row per flagged member; `reasons` says which tests they fail. A member's
// loads and community are derived state kept current at every import
// (graph_service/db/derived.py, `cypher/roster/liaison-loads.cypher` says how they are counted).
MATCH (p:Liaison)
WITH p, p.liaison_community_id AS community_id,
     p.liaison_stairwells AS stairwells, p.liaison_households AS households
WITH community_id,
     collect({person: p, stairwells: stairwells, households: households}) AS members,
     avg(households) AS mean, stDevP(households) AS sd
UNWIND members AS member
WITH community_id, mean, sd, member.person AS p,
     member.stairwells AS stairwells, member.households AS households,
     CASE WHEN sd > 0 THEN (member.households - mean) / sd ELSE 0.0 END AS z
WITH community_id, mean, p, stairwells, households, z,
     [reason IN ['stairwell_limit', 'household_limit', 'community_outlier']
      WHERE (reason = 'stairwell_limit' AND stairwells > $stairwell_limit)
         OR (reason = 'household_limit' AND households > $household_limit)
         OR (reason = 'community_outlier' AND z > $z_limit)] AS reasons
WHERE size(reasons) > 0
OPTIONAL MATCH (c:Community {id: community_id})
RETURN p.id AS person_id,
       'Person:' + p.id AS node_key,
       p.name AS name,
       community_id, c.name AS community,
       stairwells, households,
       round(mean, 2) AS community_mean_households,
       round(z, 2) AS z_score,
       reasons
ORDER BY households DESC, stairwells DESC, person_id
