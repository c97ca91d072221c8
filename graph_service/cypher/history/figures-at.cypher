// title: 某快照的主要指标 | Figures at a snapshot
// description: One scope's headline figures as kept with snapshot $snapshot (none if it recorded none).
// mode: read
// param: scope str -- Street:…, Community:… or Grid:…
// param: snapshot int -- the snapshot id
MATCH (f:Figures {scope: $scope, snapshot: $snapshot})
RETURN f {.*} AS figures
