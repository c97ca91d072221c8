// title: 联户负荷分布 | Liaison load
// description: Every member who liaises with stairwells, with how many stairwells and households each looks after, against the stairwell limit.
// mode: read
// param: stairwell_limit int = 3 in 1..10000 -- the limit drawn on the distribution: the same default as overloaded-liaisons
// param: community_id str = null -- only members whose main community (where most of their stairwells are) is this one (null: all)
// The whole distribution, not only the members over the limit (overloaded-liaisons lists those
// with the reasons): the explorer's dashboard draws it with the limit as a line. A member's
// loads and main community are derived state kept current at every import
// (graph_service/db/derived.py): counting them here walked every liaison link (2.0 s at city scale).
MATCH (p:Liaison)
WHERE $community_id IS NULL OR p.liaison_community_id = $community_id
RETURN p.id AS person_id,
       'Person:' + p.id AS node_key,
       p.name AS name,
       p.liaison_community_id AS community_id,
       p.liaison_stairwells AS stairwells,
       p.liaison_households AS households,
       p.liaison_stairwells > $stairwell_limit AS over_limit
ORDER BY stairwells DESC, households DESC, person_id
