// title: 派生：层级链断裂标签 | Derived: broken-chain label
// description: Set :BrokenChain on places whose PART_OF link up is missing, of the wrong kind or doubled, and remove it where the link is sound.
// mode: write
// Derived state (docs/data-model.md, "Derived state"): a place's own link up is sound when it
// is PART_OF exactly one place and that place is of the level above (household → stairwell →
// building → grid → community → street). broken-chains reads the few labelled places instead of
// checking the parents of every place (1.4 million at city scale). Set or removed only where
// it differs, so a refresh of a current graph writes nothing.
MATCH (n:Community|Grid|Building|Stairwell|Household)
WITH n,
     CASE
       WHEN n:Community THEN 'Street'
       WHEN n:Grid THEN 'Community'
       WHEN n:Building THEN 'Grid'
       WHEN n:Stairwell THEN 'Building'
       ELSE 'Stairwell'
     END AS parent_label
WITH n, COUNT { (n)-[:PART_OF]->() } = 1
        AND COUNT { (n)-[:PART_OF]->(parent) WHERE parent_label IN labels(parent) } = 1 AS sound
WITH n, NOT sound AS broken
WHERE broken <> (n:BrokenChain)
FOREACH (_ IN CASE WHEN broken THEN [1] ELSE [] END | SET n:BrokenChain)
FOREACH (_ IN CASE WHEN broken THEN [] ELSE [1] END | REMOVE n:BrokenChain)
