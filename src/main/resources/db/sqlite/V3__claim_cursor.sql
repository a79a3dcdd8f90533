-- One process owns a SQLite file, so a claim needs no lease and need not be written per message: a job hands its
-- messages out in index order, and claimed_through is how far. A message is on the wire (claimed) when it is waiting,
-- was never put back (available_at 0, as stored at intake) and lies below claimed_through; a restart sets it back
-- to 0. Only messages put back (available_at > 0: a retry time) are claimed row by row, as on PostgreSQL.
ALTER TABLE jobs ADD COLUMN claimed_through INTEGER NOT NULL DEFAULT 0;
-- claim: the put-back messages of a job whose retry time has come, earliest first, without walking its waiting
-- messages nor sorting those due
CREATE INDEX job_messages_put_back ON job_messages (job_id, available_at, idx) WHERE state = 'waiting'
  AND available_at > 0;
