-- Jobs and their messages. Times are epoch milliseconds by the database's clock; states and statuses are the
-- lower-case names of JobStatus and MessageState.
CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  target TEXT,
  notify_target TEXT,
  status TEXT NOT NULL,
  total INTEGER NOT NULL DEFAULT 0,
  delivered INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  cancelled INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  started_at BIGINT,
  finished_at BIGINT,
  expires_at BIGINT,
  idempotency_key TEXT UNIQUE,
  body_hash TEXT,
  notify_lease_until BIGINT,
  notified_at BIGINT
);
-- list by status, activeJobs, countByStatus; list of all jobs, newest first
CREATE INDEX jobs_status_created ON jobs (status, created_at);
CREATE INDEX jobs_created ON jobs (created_at, id);
-- takeUnnotified reads only the finished jobs whose notify target is still to be told
CREATE INDEX jobs_unnotified ON jobs (finished_at) WHERE notify_target IS NOT NULL AND notified_at IS NULL;

CREATE TABLE job_messages (
  job_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  body BYTEA NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  available_at BIGINT NOT NULL DEFAULT 0,
  claim_id TEXT,
  lease_until BIGINT,
  latency_ms BIGINT,
  http_status INTEGER,
  response BYTEA,
  response_json INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  detail TEXT,
  PRIMARY KEY (job_id, idx)
);
-- Every index on job_messages is partial, on the states a query looks for: a message changes state twice (claimed, then
-- its outcome), and an index whose predicate a row leaves or does not enter costs that update nothing. A finished
-- message is in the primary key only (and in job_messages_failed when it failed).
-- claim, cancel, expiry: the waiting messages of a job in index order
CREATE INDEX job_messages_waiting ON job_messages (job_id, idx) WHERE state = 'waiting';
-- results?status=failed: the few failures of a large job without walking it
CREATE INDEX job_messages_failed ON job_messages (job_id, idx) WHERE state = 'failed';
-- reclaimExpiredLeases and renewLeases: the claimed messages, at most jobs.maxInFlight per node.
-- Outcomes are written by primary key (a claimed message is one whose claim_id is set): no index on the claim id,
-- nor a state test that would let PostgreSQL's generic plan walk this index for every row instead.
CREATE INDEX job_messages_lease ON job_messages (lease_until) WHERE state = 'claimed';
