// title: 写锁心跳 | Writer lock heartbeat
// description: The holder is still at work.
// mode: write
// param: token str -- the holding's token
// The holder is still at work: a lock whose heartbeat stops is taken over after a while.
MATCH (lock:ServiceState {name: 'writer-lock'})
WHERE lock.token = $token
SET lock.heartbeat = datetime()
RETURN count(lock) AS held
