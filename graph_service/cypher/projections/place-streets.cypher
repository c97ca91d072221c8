// title: 社区与网格所属街道 | Street of each community and grid
// description: Every community and grid with the street it is in: what names the territories of the graph computations.
// mode: read
// Every community and grid with the street it is in (a grid through its community). The graph
// computations split their networks into territories named by these streets
// (graph_service/analyses/territories.py). A community under two streets (a roster conflict)
// is named by the lowest street id; a place with no street has no row.
MATCH (place:Community|Grid)-[:PART_OF*1..2]->(street:Street)
WITH place, street
ORDER BY street.id
WITH place, collect(street.id)[0] AS street_id
RETURN CASE WHEN place:Community THEN 'Community' ELSE 'Grid' END AS label,
       place.id AS id,
       street_id
