// title: 两个快照间变化的实体 | EntitySpan changes between two snapshots
// description: The entity spans that began or ended after snapshot $from and up to snapshot $to, within a scope (with every span that has no place of its own: people and organisations, kept or left out by their links).
// mode: read
// param: from int -- the earlier snapshot id
// param: to int -- the later snapshot id
// param: scope_label str = null in Street|Community|Grid -- the scope's level (null: everything)
// param: scope_id str = null -- the scope's id
// Two range seeks (span start, span end), so a diff costs what changed, not the graph's size.
// A person or organisation has no street of its own: history/diff.py places it by the links
// it gained or lost in the same diff.
CALL () {
  MATCH (s:EntitySpan) WHERE s.from_snapshot > $from AND s.from_snapshot <= $to RETURN s
  UNION
  MATCH (s:EntitySpan) WHERE s.to_snapshot > $from AND s.to_snapshot <= $to RETURN s
}
WITH s
WHERE $scope_label IS NULL
   OR s.street IS NULL
   OR ($scope_label = 'Street' AND s.street = $scope_id)
   OR ($scope_label = 'Community' AND s.community = $scope_id)
   OR ($scope_label = 'Grid' AND s.grid = $scope_id)
RETURN s {.*} AS span
