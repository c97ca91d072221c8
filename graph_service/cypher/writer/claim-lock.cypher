// title: 占用写锁 | Claim the writer lock
// description: The writer lock as it stands, write-locked for this transaction.
// mode: write
// The writer lock as it stands, write-locked for this transaction: the SET takes the node's write
// lock before anything is read, so a second writer waits here and then reads the first one's
// holder instead of both seeing it free. Ages are the server's own clock (no skew between hosts).
MERGE (lock:ServiceState {name: 'writer-lock'})
SET lock.claimed_at = datetime()
RETURN lock.holder AS holder,
       lock.host AS host,
       lock.pid AS pid,
       lock.token AS token,
       toString(lock.since) AS since,
       duration.inSeconds(coalesce(lock.heartbeat, lock.since, datetime()), datetime()).seconds
         AS quiet_s
