// title: 两个快照间变化的关系 | LinkSpan changes between two snapshots
// description: The link spans that began or ended after snapshot $from and up to snapshot $to, within a scope.
// mode: read
// param: from int -- the earlier snapshot id
// param: to int -- the later snapshot id
// param: scope_label str = null in Street|Community|Grid -- the scope's level (null: everything)
// param: scope_id str = null -- the scope's id
// Two range seeks (span start, span end), so a diff costs what changed, not the graph's size.
CALL () {
  MATCH (s:LinkSpan) WHERE s.from_snapshot > $from AND s.from_snapshot <= $to RETURN s
  UNION
  MATCH (s:LinkSpan) WHERE s.to_snapshot > $from AND s.to_snapshot <= $to RETURN s
}
WITH s
WHERE $scope_label IS NULL
   OR ($scope_label = 'Street' AND s.street = $scope_id)
   OR ($scope_label = 'Community' AND s.community = $scope_id)
   OR ($scope_label = 'Grid' AND s.grid = $scope_id)
RETURN s {.*} AS span
