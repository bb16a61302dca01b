-- Hand-written. rudo_claim_jobs() becomes PL/pgSQL: a SQL-language function with a SET clause is
-- re-planned on every call (~0.3 ms, most of an idle worker's pickup latency), while PL/pgSQL
-- keeps the plan for the session. Same statement, same pinned plan (bitmap scans off).
-- The body is an E'' string with the one semicolon written as \073, because the WASM engine we
-- apply migrations with splits scripts on every semicolon character (quotes are doubled).
CREATE OR REPLACE FUNCTION rudo_claim_jobs(worker_id text, max_jobs integer, job_types "JobType"[]) RETURNS SETOF "jobs"
LANGUAGE plpgsql VOLATILE SET enable_bitmapscan = off AS E'BEGIN
  RETURN QUERY WITH due AS (
    SELECT id FROM "jobs"
     WHERE "status" IN (''QUEUED'', ''RETRY'') AND "runAt" <= now()
       AND (job_types IS NULL OR "type" = ANY(job_types))
     ORDER BY "priority", "runAt"
     LIMIT max_jobs
     FOR UPDATE SKIP LOCKED
  ), claimed AS (
    UPDATE "jobs" j
       SET "status" = ''RUNNING'', "lockedAt" = now(), "lockedBy" = worker_id, "attempts" = j."attempts" + 1, "updatedAt" = now()
      FROM due
     WHERE j.id = due.id
    RETURNING j.*
  )
  SELECT * FROM claimed\073
END';
