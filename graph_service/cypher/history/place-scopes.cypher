// title: 地点所属范围 | Scopes of places
// description: For places of one label, the grid, community and street each lies in.
// mode: read
// param: ids list -- ids of places of one label
// token: LABEL -- the places' label (Street, Community, Grid, Building, Stairwell or Checkpoint)
// The label is filled from the history layer's allow-list. A checkpoint lies in a community
// (LOCATED_IN); other places climb PART_OF. The lowest id wins where a chain forks.
UNWIND $ids AS id
MATCH (p:__LABEL__ {id: id})
OPTIONAL MATCH (p)-[:PART_OF*0..3]->(g:Grid)
OPTIONAL MATCH (p)-[:PART_OF|LOCATED_IN*0..4]->(c:Community)
OPTIONAL MATCH (c)-[:PART_OF]->(st:Street)
OPTIONAL MATCH (p)-[:PART_OF*0..5]->(own:Street)
RETURN id, min(g.id) AS grid, min(c.id) AS community, coalesce(min(st.id), min(own.id)) AS street
