// title: 取得写锁 | Take the writer lock
// description: Make this writer the holder of the lock.
// mode: write
// param: holder str -- what the writer is doing, for whoever is refused
// param: host str -- the host it runs on
// param: pid int -- its process id
// param: token str -- this holding's secret, for the heartbeat and the release
// Make this writer the holder of the lock (after claim-lock found it free or stale).
MATCH (lock:ServiceState {name: 'writer-lock'})
SET lock.holder = $holder,
    lock.host = $host,
    lock.pid = $pid,
    lock.token = $token,
    lock.since = datetime(),
    lock.heartbeat = datetime()
RETURN toString(lock.since) AS since
