// title: 派生：楼道户数 | Derived: stairwell household count
// description: Set Stairwell.household_count where it differs from the households PART_OF the stairwell.
// mode: write
// Derived state (docs/data-model.md, "Derived state"): how many households are PART_OF each
// stairwell, so analyses over every stairwell read a property instead of counting a million
// relationships at city scale (coverage-rollup: 0.93 s -> 0.53 s without the count). Written
// only where the count differs or is missing, so a refresh of a current graph writes nothing.
MATCH (s:Stairwell)
WITH s, COUNT { (:Household)-[:PART_OF]->(s) } AS households
WHERE s.household_count IS NULL OR s.household_count <> households
SET s.household_count = households
