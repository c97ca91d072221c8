// title: 派生：楼道已联系 | Derived: stairwell covered
// description: Set Stairwell.covered where it differs from whether anyone liaises with the stairwell.
// mode: write
// Derived state (docs/data-model.md, "Derived state"): a stairwell is covered when at least one
// person liaises with it. Written only where the flag differs or is missing, so a refresh that
// finds the graph current writes nothing.
MATCH (s:Stairwell)
WITH s, EXISTS { (:Person)-[:LIAISES_WITH]->(s) } AS covered
WHERE s.covered IS NULL OR s.covered <> covered
SET s.covered = covered
