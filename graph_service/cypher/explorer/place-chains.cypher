// title: 地点上溯链 | Place chains up to the community
// description: Each step from the given places up to their community (PART_OF; a checkpoint is LOCATED_IN its community), with each grid's grid heads and party-group leaders, to show a place in context.
// mode: read
// param: places list -- the places as {label, id} maps, labels from the explorer's allow-list (Community, Grid, Building, Stairwell, Household, Checkpoint)
UNWIND $places AS place
CALL (place) {
  MATCH (n:Community {id: place.id}) WHERE place.label = 'Community' RETURN n
  UNION
  MATCH (n:Grid {id: place.id}) WHERE place.label = 'Grid' RETURN n
  UNION
  MATCH (n:Building {id: place.id}) WHERE place.label = 'Building' RETURN n
  UNION
  MATCH (n:Stairwell {id: place.id}) WHERE place.label = 'Stairwell' RETURN n
  UNION
  MATCH (n:Household {id: place.id}) WHERE place.label = 'Household' RETURN n
  UNION
  MATCH (n:Checkpoint {id: place.id}) WHERE place.label = 'Checkpoint' RETURN n
}
// A household is four steps below its community (stairwell, building, grid, community).
// A place whose chain is broken still comes back, alone: the analyst must see it.
OPTIONAL MATCH path = (n)-[:PART_OF|LOCATED_IN*0..4]->(:Community)
WITH CASE WHEN path IS NULL THEN [n] ELSE nodes(path) END AS chain,
     CASE WHEN path IS NULL THEN [] ELSE relationships(path) END AS steps
UNWIND range(0, size(chain) - 1) AS step
WITH DISTINCT chain[step] AS child,
     CASE WHEN step + 1 < size(chain) THEN chain[step + 1] END AS parent,
     CASE WHEN step < size(steps) THEN type(steps[step]) END AS rel_type
RETURN head([l IN labels(child) WHERE l <> 'BrokenChain']) AS child_label, child.id AS child_id, child.name AS child_name,
       CASE
         WHEN child:Stairwell
         THEN {covered: EXISTS { (child)<-[:LIAISES_WITH]-(:Person) },
               liaisons: COUNT { (child)<-[:LIAISES_WITH]-(:Person) },
               households: COUNT { (child)<-[:PART_OF]-(:Household) }}
         WHEN child:Grid
         THEN {grid_heads: COLLECT { MATCH (p:Person)-[:LEADS_GRID {role: 'grid_head'}]->(child)
                                     RETURN p.name ORDER BY p.name },
               party_group_leaders: COLLECT { MATCH (p:Person)-[:LEADS_GRID {role: 'party_group_leader'}]->(child)
                                              RETURN p.name ORDER BY p.name }}
         ELSE {} END AS child_attributes,
       CASE WHEN parent IS NULL THEN null ELSE head([l IN labels(parent) WHERE l <> 'BrokenChain']) END AS parent_label,
       parent.id AS parent_id, parent.name AS parent_name, rel_type
