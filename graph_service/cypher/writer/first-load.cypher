// title: 首次导入状态 | First-load state
// description: Whether a first load is in progress or was interrupted.
// mode: read
// Whether a first load is in progress or was interrupted (one index seek, asked by every read).
OPTIONAL MATCH (load:ServiceState {name: 'first-load'})
RETURN toString(load.since) AS since, load.holder AS holder
