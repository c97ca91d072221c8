// title: 指标趋势 | Trend of a scope's figures
// description: One scope's headline figures at every snapshot, oldest first.
// mode: read
// param: scope str -- Street:…, Community:… or Grid:…
MATCH (f:Figures {scope: $scope})
MATCH (s:Snapshot {id: f.snapshot})
RETURN f {.*} AS figures, s.as_of AS as_of
ORDER BY f.snapshot
