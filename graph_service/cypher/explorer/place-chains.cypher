// title: 地点上溯链 | Place chains up to the community
// description: Each PART_OF step from the given places up to their community, to show a place in context.
// mode: read
// param: places list -- the places as {label, id} maps, labels from the explorer's allow-list (Grid, Building, Stairwell, Household)
UNWIND $places AS place
CALL (place) {
  MATCH (n:Grid {id: place.id}) WHERE place.label = 'Grid' RETURN n
  UNION
  MATCH (n:Building {id: place.id}) WHERE place.label = 'Building' RETURN n
  UNION
  MATCH (n:Stairwell {id: place.id}) WHERE place.label = 'Stairwell' RETURN n
  UNION
  MATCH (n:Household {id: place.id}) WHERE place.label = 'Household' RETURN n
}
// A place whose chain is broken still comes back, alone: the analyst must see it.
OPTIONAL MATCH path = (n)-[:PART_OF*1..3]->(:Community)
WITH CASE WHEN path IS NULL THEN [n] ELSE nodes(path) END AS chain
UNWIND range(0, size(chain) - 1) AS step
WITH DISTINCT chain[step] AS child,
     CASE WHEN step + 1 < size(chain) THEN chain[step + 1] END AS parent
RETURN head([l IN labels(child) WHERE l <> 'BrokenChain']) AS child_label, child.id AS child_id, child.name AS child_name,
       CASE WHEN child:Stairwell
            THEN {covered: EXISTS { (child)<-[:LIAISES_WITH]-(:Person) },
                  liaisons: COUNT { (child)<-[:LIAISES_WITH]-(:Person) },
                  households: COUNT { (child)<-[:PART_OF]-(:Household) }}
            ELSE {} END AS child_attributes,
       CASE WHEN parent IS NULL THEN null ELSE head([l IN labels(parent) WHERE l <> 'BrokenChain']) END AS parent_label,
       parent.id AS parent_id, parent.name AS parent_name
