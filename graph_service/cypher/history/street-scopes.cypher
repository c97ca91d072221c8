// title: 快照中的街道 | Streets of a snapshot
// description: The street scopes whose figures snapshot $snapshot kept.
// mode: read
// param: snapshot int -- the snapshot id
MATCH (f:Figures {level: 'Street', snapshot: $snapshot})
RETURN f.scope AS scope
ORDER BY scope
