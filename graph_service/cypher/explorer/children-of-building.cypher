// title: 楼栋下的楼道 | Stairwells of a building
// description: The stairwells PART_OF one building, each with its household count and liaisons.
// mode: read
// param: id str -- the building's id
MATCH (w:Stairwell)-[:PART_OF]->(:Building {id: $id})
WITH w, COUNT { (w)<-[:LIAISES_WITH]-(:Person) } AS liaisons,
     COUNT { (w)<-[:PART_OF]-(:Household) } AS households
RETURN 'Stairwell' AS label, w.id AS id, w.name AS name,
       {liaisons: liaisons, covered: liaisons > 0, households: households,
        stairwells: 1, covered_stairwells: CASE WHEN liaisons > 0 THEN 1 ELSE 0 END} AS attributes,
       'PART_OF' AS edge_type, {} AS edge_attributes
ORDER BY id
