-- ---------------------------------------------------------------------------------------------
-- Hand-written: what Prisma's schema language cannot express (partial indexes, CHECKs).
-- `prisma migrate diff` does not see these, so they live in their own migration.
-- No semicolons inside comments or dollar-quoted bodies: the WASM engine we apply migrations
-- with (src/lib/server/db/migrate.ts) splits scripts on every semicolon.
-- ---------------------------------------------------------------------------------------------

-- The claim scan: due jobs in (priority, runAt) order. Partial, so years of finished history
-- never slow the hot path down.
CREATE INDEX "jobs_claim_idx" ON "jobs" ("priority", "runAt") WHERE "status" IN ('QUEUED', 'RETRY');

-- The rescuer's scan for expired leases.
CREATE INDEX "jobs_running_lock_idx" ON "jobs" ("lockedAt") WHERE "status" = 'RUNNING';

-- At most one pending GENERATE_POST per bot, enforced by the database so that concurrent cron
-- calls cannot both insert one (a check-then-insert alone would race).
CREATE UNIQUE INDEX "jobs_one_pending_generate_post_per_bot" ON "jobs" ("botId")
  WHERE "type" = 'GENERATE_POST' AND "status" IN ('QUEUED', 'RUNNING', 'RETRY');

ALTER TABLE "jobs" ADD CONSTRAINT "jobs_attempts_check" CHECK ("attempts" >= 0 AND "maxAttempts" >= 1);
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_generate_post_needs_bot" CHECK ("type" <> 'GENERATE_POST' OR "botId" IS NOT NULL);
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_errors_is_array" CHECK (jsonb_typeof("errors") = 'array');
ALTER TABLE "bots" ADD CONSTRAINT "bots_posts_per_day_check" CHECK ("postsPerDay" BETWEEN 0 AND 48);
ALTER TABLE "bots" ADD CONSTRAINT "bots_handle_format_check" CHECK ("handle" ~ '^[a-z0-9_]{3,30}$');
ALTER TABLE "posts" ADD CONSTRAINT "posts_counters_check" CHECK ("likeCount" >= 0 AND "commentCount" >= 0 AND "viewCount" >= 0);

-- Singleton and deduplicated jobs: one pending job per key.
CREATE UNIQUE INDEX "jobs_one_pending_per_key" ON "jobs" ("key")
  WHERE "key" IS NOT NULL AND "status" IN ('QUEUED', 'RUNNING', 'RETRY');

-- Jobs of a bot (dashboard filter, and the ON DELETE SET NULL of a bot). Partial, so the many
-- bot-less jobs pay nothing for it.
CREATE INDEX "jobs_botId_idx" ON "jobs" ("botId") WHERE "botId" IS NOT NULL;

-- Finished history, newest first (pruning, the dashboard's history views). Partial, so pending
-- jobs are not in it.
CREATE INDEX "jobs_finishedAt_idx" ON "jobs" ("finishedAt") WHERE "finishedAt" IS NOT NULL;

-- The claim, as one statement: pick due jobs in (priority, runAt) order with FOR UPDATE SKIP
-- LOCKED and mark them RUNNING in the same UPDATE. It lives in a function for one reason: the
-- SET clause. On a table whose statistics lag behind a bulk insert, the planner prefers a bitmap
-- scan that reads every due job and sorts them to return the first few, which makes each claim
-- cost O(queue length). With bitmap scans off it walks jobs_claim_idx in order and stops after
-- `max_jobs` rows, whatever the statistics say.
CREATE FUNCTION rudo_claim_jobs(worker_id text, max_jobs integer, job_types "JobType"[]) RETURNS SETOF "jobs"
LANGUAGE sql VOLATILE SET enable_bitmapscan = off AS $$
  WITH due AS (
    SELECT id FROM "jobs"
     WHERE "status" IN ('QUEUED', 'RETRY') AND "runAt" <= now()
       AND (job_types IS NULL OR "type" = ANY(job_types))
     ORDER BY "priority", "runAt"
     LIMIT max_jobs
     FOR UPDATE SKIP LOCKED
  )
  UPDATE "jobs" j
     SET "status" = 'RUNNING', "lockedAt" = now(), "lockedBy" = worker_id, "attempts" = j."attempts" + 1, "updatedAt" = now()
    FROM due
   WHERE j.id = due.id
  RETURNING j.*
$$;
