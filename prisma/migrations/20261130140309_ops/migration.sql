-- AlterTable
ALTER TABLE "bots" ADD COLUMN     "dailyBudgetUsd" DECIMAL(10,2);

-- AlterTable
ALTER TABLE "jobs" ADD COLUMN     "startedAt" TIMESTAMP(3),
ADD COLUMN     "waitReason" TEXT;

-- CreateTable
CREATE TABLE "queue_pauses" (
    "scope" TEXT NOT NULL,
    "pausedBy" TEXT NOT NULL,
    "reason" TEXT,
    "pausedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "queue_pauses_pkey" PRIMARY KEY ("scope")
);

-- CreateTable
CREATE TABLE "queue_workers" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "version" TEXT NOT NULL,
    "concurrency" INTEGER NOT NULL,
    "types" TEXT[],
    "leaseMs" INTEGER NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastHeartbeatAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stoppedAt" TIMESTAMP(3),

    CONSTRAINT "queue_workers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "provider_breakers" (
    "provider" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "openUntil" TIMESTAMP(3),
    "reason" TEXT,
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "openedAt" TIMESTAMP(3),
    "resumedBy" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "provider_breakers_pkey" PRIMARY KEY ("provider","model")
);

-- CreateTable
CREATE TABLE "ops_settings" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedBy" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ops_settings_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "cron_runs" (
    "id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "ok" BOOLEAN,
    "result" JSONB,
    "error" TEXT,

    CONSTRAINT "cron_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_stats" (
    "granularity" TEXT NOT NULL,
    "bucket" TIMESTAMP(3) NOT NULL,
    "type" TEXT NOT NULL,
    "succeeded" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "cancelled" INTEGER NOT NULL DEFAULT 0,
    "failedAttempts" INTEGER NOT NULL DEFAULT 0,
    "waitHist" INTEGER[],
    "runHist" INTEGER[],

    CONSTRAINT "job_stats_pkey" PRIMARY KEY ("granularity","bucket","type")
);

-- CreateIndex
CREATE INDEX "queue_workers_lastHeartbeatAt_idx" ON "queue_workers"("lastHeartbeatAt");

-- CreateIndex
CREATE INDEX "cron_runs_startedAt_idx" ON "cron_runs"("startedAt" DESC);

-- ---------------------------------------------------------------------------------------------
-- Hand-written (no semicolons in comments or function bodies, see *_claim_plpgsql).

-- Jobs an admin searches by error text: only those that have one (failed attempts), in id order,
-- so the search never reads the whole history.
CREATE INDEX "jobs_with_error_idx" ON "jobs" ("id") WHERE "lastError" IS NOT NULL;

-- The jobs list filtered by type walks finished history in id order per type. Partial on
-- finished jobs: an entry is written once, when a job finishes, never on the claim's hot path.
CREATE INDEX "jobs_finished_type_idx" ON "jobs" ("type", "id") WHERE "finishedAt" IS NOT NULL;

-- The jobs list filtered to FAILED or CANCELLED (rare in history): written once, when such a
-- job finishes.
CREATE INDEX "jobs_gave_up_idx" ON "jobs" ("status", "id") WHERE "status" IN ('FAILED', 'CANCELLED');

-- Finding a finished job by the short id the dashboard shows (the id's last 8 characters).
-- Pending jobs are few and found through their own partial indexes.
CREATE INDEX "jobs_finished_short_id_idx" ON "jobs" ((right("id"::text, 8))) WHERE "finishedAt" IS NOT NULL;

-- The claim honours pauses (the whole queue, or a type), records when the attempt started and
-- clears the reason a job was held back. The pauses are read once per claim from a table of a
-- few rows, so the hot path keeps its pinned, cached plan.
CREATE OR REPLACE FUNCTION rudo_claim_jobs(worker_id text, max_jobs integer, job_types text[], lease_ms float8) RETURNS SETOF "jobs"
LANGUAGE plpgsql VOLATILE SET enable_bitmapscan = off AS E'DECLARE
  paused text[]\073
BEGIN
  SELECT array_agg(scope) INTO paused FROM "queue_pauses"\073
  IF paused IS NOT NULL AND ''*'' = ANY(paused) THEN
    RETURN\073
  END IF\073
  RETURN QUERY WITH due AS (
    SELECT id FROM "jobs"
     WHERE "status" IN (''QUEUED'', ''RETRY'') AND "runAt" <= now()
       AND (job_types IS NULL OR "type" = ANY(job_types))
       AND (paused IS NULL OR NOT ("type" = ANY(paused)))
     ORDER BY ("runAt" + "priority" * interval ''10 seconds'')
     LIMIT max_jobs
     FOR UPDATE SKIP LOCKED
  ), claimed AS (
    UPDATE "jobs" j
       SET "status" = ''RUNNING'', "lockedAt" = now(), "startedAt" = now(), "lockedBy" = worker_id, "attempts" = j."attempts" + 1,
           "updatedAt" = now(), "waitReason" = NULL, "leaseExpiresAt" = now() + lease_ms * interval ''1 millisecond''
      FROM due
     WHERE j.id = due.id
    RETURNING j.*
  )
  SELECT * FROM claimed\073
END';

-- ---------------------------------------------------------------------------------------------
-- The scheduler inserts one job per due bot in one statement (100,000 bots in under a second).
-- What each inserted row paid for and did not need:
--  * a foreign-key check against bots, per row (half the insert's time): jobs are queue records
--    and keep a deleted bot's id, its pending jobs fail with "Bot … does not exist",
--  * a regular-expression CHECK on the type: the application validates the format, the database
--    keeps only a length bound,
--  * an index on botId for every job: replaced by one on finished jobs only (the jobs list by bot);
--    pending post jobs of a bot are found through the one-pending-per-bot index,
--  * a UUIDv7 built from gen_random_uuid(), whose strong randomness costs more than the rest of the
--    id: about 64 random bits from random() (ids are not secrets) keep the same layout and time order.
ALTER TABLE "jobs" DROP CONSTRAINT IF EXISTS "jobs_botId_fkey";
ALTER TABLE "jobs" DROP CONSTRAINT IF EXISTS "jobs_type_format_check";
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_type_length_check" CHECK (char_length("type") BETWEEN 1 AND 64);
DROP INDEX IF EXISTS "jobs_botId_idx";
CREATE INDEX "jobs_finished_bot_idx" ON "jobs" ("botId", "id") WHERE "finishedAt" IS NOT NULL AND "botId" IS NOT NULL;
CREATE OR REPLACE FUNCTION rudo_uuid_v7() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT encode(int8send((floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint << 16) | (28672 | (random() * 4095)::int))
             || int8send(((random() * 4611686018427387903)::bigint) | (-9223372036854775808)::bigint), 'hex')::uuid
$$;
