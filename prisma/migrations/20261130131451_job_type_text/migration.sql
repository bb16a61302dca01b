-- ---------------------------------------------------------------------------------------------
-- Hand-written (no semicolons in comments or in function bodies: the WASM engine we apply
-- migrations with splits scripts on every semicolon, see *_claim_plpgsql).
--
-- 1. jobs.type becomes text. Job types are registry keys: an extension or a test can register a
--    type of its own (the chaos suite does) without a schema change, as River's `kind` and
--    graphile-worker's `task_identifier` are text. A CHECK keeps names to UPPER_SNAKE.
-- 2. Priority ageing: the claim orders due jobs by "runAt" + priority x 10 s instead of by
--    (priority, runAt). A job of priority p is therefore never passed over by a job of a more
--    urgent priority q < p that became due more than (p - q) x 10 s after it, so a flood of
--    urgent work cannot starve the rest. Ordering by that sum is linear ageing: the effective
--    priority of a waiting job is priority - wait / 10 s. Priorities are kept within +-1000.
-- 3. Leases are stored on the job: "leaseExpiresAt" is set at claim and by each heartbeat from
--    the holder's own lease length, so the rescuer (any process) needs no lease setting of its
--    own to agree with the holder's, and the dashboard can say when a job would be rescued.
-- ---------------------------------------------------------------------------------------------

DROP FUNCTION IF EXISTS rudo_claim_jobs(text, integer, "JobType"[]);
DROP INDEX IF EXISTS "jobs_one_pending_generate_post_per_bot";
DROP INDEX IF EXISTS "jobs_claim_idx";
ALTER TABLE "jobs" DROP CONSTRAINT IF EXISTS "jobs_generate_post_needs_bot";

ALTER TABLE "jobs" ALTER COLUMN "type" TYPE TEXT USING "type"::text;
DROP TYPE "JobType";

ALTER TABLE "jobs" ADD CONSTRAINT "jobs_type_format_check" CHECK ("type" ~ '^[A-Z][A-Z0-9_]{0,63}$');
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_generate_post_needs_bot" CHECK ("type" <> 'GENERATE_POST' OR "botId" IS NOT NULL);
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_priority_range_check" CHECK ("priority" BETWEEN -1000 AND 1000);

CREATE UNIQUE INDEX "jobs_one_pending_generate_post_per_bot" ON "jobs" ("botId")
  WHERE "type" = 'GENERATE_POST' AND "status" IN ('QUEUED', 'RUNNING', 'RETRY');

ALTER TABLE "jobs" ADD COLUMN "leaseExpiresAt" TIMESTAMP(3);
UPDATE "jobs" SET "leaseExpiresAt" = "lockedAt" + interval '10 minutes' WHERE "status" = 'RUNNING';

-- The rescuer's scan for expired leases.
DROP INDEX IF EXISTS "jobs_running_lock_idx";
CREATE INDEX "jobs_running_lease_idx" ON "jobs" ("leaseExpiresAt") WHERE "status" = 'RUNNING';

-- The claim scan, in ageing order. Partial, so finished history never slows the hot path.
CREATE INDEX "jobs_claim_idx" ON "jobs" (("runAt" + "priority" * interval '10 seconds'))
  WHERE "status" IN ('QUEUED', 'RETRY');

-- The claim: one statement (see src/lib/server/jobs/claim.ts). PL/pgSQL keeps its plan per
-- session, bitmap scans off pins the ordered walk of jobs_claim_idx that stops after max_jobs.
CREATE FUNCTION rudo_claim_jobs(worker_id text, max_jobs integer, job_types text[], lease_ms float8) RETURNS SETOF "jobs"
LANGUAGE plpgsql VOLATILE SET enable_bitmapscan = off AS E'BEGIN
  RETURN QUERY WITH due AS (
    SELECT id FROM "jobs"
     WHERE "status" IN (''QUEUED'', ''RETRY'') AND "runAt" <= now()
       AND (job_types IS NULL OR "type" = ANY(job_types))
     ORDER BY ("runAt" + "priority" * interval ''10 seconds'')
     LIMIT max_jobs
     FOR UPDATE SKIP LOCKED
  ), claimed AS (
    UPDATE "jobs" j
       SET "status" = ''RUNNING'', "lockedAt" = now(), "lockedBy" = worker_id, "attempts" = j."attempts" + 1, "updatedAt" = now(),
           "leaseExpiresAt" = now() + lease_ms * interval ''1 millisecond''
      FROM due
     WHERE j.id = due.id
    RETURNING j.*
  )
  SELECT * FROM claimed\073
END';
