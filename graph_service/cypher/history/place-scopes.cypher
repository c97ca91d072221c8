// title: 地点所属范围 | Scopes of places
// description: For places of one label, the grid, community and street each lies in, and the place directly above it.
// mode: read
// param: ids list -- ids of places of one label
// token: LABEL -- the places' label (Street, Community, Grid, Building, Stairwell or Checkpoint)
// The label is filled from the history layer's allow-list. A checkpoint lies in a community
// (LOCATED_IN); other places climb PART_OF. The lowest id wins where a chain forks. The parent
// is named by its model label (never labels(n)[0], which may be a derived label).
UNWIND $ids AS id
MATCH (p:__LABEL__ {id: id})
OPTIONAL MATCH (p)-[:PART_OF*0..3]->(g:Grid)
OPTIONAL MATCH (p)-[:PART_OF|LOCATED_IN*0..4]->(c:Community)
OPTIONAL MATCH (c)-[:PART_OF]->(st:Street)
OPTIONAL MATCH (p)-[:PART_OF*0..5]->(own:Street)
OPTIONAL MATCH (p)-[:PART_OF|LOCATED_IN]->(up)
WHERE up:Street OR up:Community OR up:Grid OR up:Building
WITH id, g, c, st, own,
     CASE
       WHEN up:Building THEN 'Building:' + up.id
       WHEN up:Grid THEN 'Grid:' + up.id
       WHEN up:Community THEN 'Community:' + up.id
       WHEN up:Street THEN 'Street:' + up.id
     END AS parent
RETURN id, min(g.id) AS grid, min(c.id) AS community, coalesce(min(st.id), min(own.id)) AS street,
       min(parent) AS parent
