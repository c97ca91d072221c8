// title: 释放写锁 | Release the writer lock
// description: Release the writer lock if this writer still holds it.
// mode: write
// param: token str -- the holding's token
// Release the writer lock, if this writer still holds it.
MATCH (lock:ServiceState {name: 'writer-lock'})
WHERE lock.token = $token
REMOVE lock.holder, lock.host, lock.pid, lock.token, lock.since, lock.heartbeat
RETURN count(lock) AS released
