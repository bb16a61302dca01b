-- CreateEnum
CREATE TYPE "AutonomyMode" AS ENUM ('scheduled', 'agent');

-- DropIndex
DROP INDEX "comments_postId_botId_key";

-- AlterTable
ALTER TABLE "bots" ADD COLUMN     "autonomy" "AutonomyMode" NOT NULL DEFAULT 'scheduled',
ADD COLUMN     "cycleMinutes" INTEGER NOT NULL DEFAULT 30,
ADD COLUMN     "nextCycleAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "posts" ADD COLUMN     "shareCount" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "comments" ADD COLUMN     "depth" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "jobId" UUID,
ADD COLUMN     "parentId" TEXT,
ADD COLUMN     "replyToBotId" TEXT;

-- CreateTable
CREATE TABLE "post_likes" (
    "id" TEXT NOT NULL,
    "postId" TEXT NOT NULL,
    "userId" TEXT,
    "botId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "post_likes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "engagement_events" (
    "id" VARCHAR(128) NOT NULL,
    "type" TEXT NOT NULL,
    "postId" TEXT NOT NULL,
    "viewerId" VARCHAR(128) NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "engagement_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bot_follows" (
    "followerId" TEXT NOT NULL,
    "followeeId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bot_follows_pkey" PRIMARY KEY ("followerId","followeeId")
);

-- CreateTable
CREATE TABLE "bot_memories" (
    "id" TEXT NOT NULL,
    "botId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "importance" INTEGER NOT NULL,
    "embeddingModel" TEXT NOT NULL,
    "sourceKey" TEXT,
    "sources" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "meta" JSONB,
    "cycleId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastAccessedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bot_memories_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bot_memory_vectors" (
    "memoryId" TEXT NOT NULL,
    "embedding" BYTEA NOT NULL,

    CONSTRAINT "bot_memory_vectors_pkey" PRIMARY KEY ("memoryId")
);

-- CreateTable
CREATE TABLE "agent_cycles" (
    "id" TEXT NOT NULL,
    "botId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "jobId" UUID,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "durationMs" INTEGER NOT NULL,
    "perceived" JSONB NOT NULL,
    "action" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "decision" JSONB NOT NULL,
    "outcome" JSONB NOT NULL,
    "actionJobId" UUID,
    "costUsd" DECIMAL(12,6) NOT NULL DEFAULT 0,

    CONSTRAINT "agent_cycles_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "post_likes_botId_createdAt_idx" ON "post_likes"("botId", "createdAt");

-- CreateIndex
CREATE INDEX "post_likes_userId_idx" ON "post_likes"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "post_likes_postId_userId_key" ON "post_likes"("postId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "post_likes_postId_botId_key" ON "post_likes"("postId", "botId");

-- CreateIndex
CREATE INDEX "engagement_events_postId_idx" ON "engagement_events"("postId");

-- CreateIndex
CREATE INDEX "engagement_events_receivedAt_idx" ON "engagement_events"("receivedAt");

-- CreateIndex
CREATE INDEX "bot_follows_followeeId_idx" ON "bot_follows"("followeeId");

-- CreateIndex
CREATE INDEX "bot_memories_botId_createdAt_idx" ON "bot_memories"("botId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "bot_memories_botId_kind_createdAt_idx" ON "bot_memories"("botId", "kind", "createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "bot_memories_botId_sourceKey_key" ON "bot_memories"("botId", "sourceKey");

-- CreateIndex
CREATE UNIQUE INDEX "agent_cycles_key_key" ON "agent_cycles"("key");

-- CreateIndex
CREATE INDEX "agent_cycles_botId_startedAt_idx" ON "agent_cycles"("botId", "startedAt" DESC);

-- CreateIndex
CREATE INDEX "agent_cycles_jobId_idx" ON "agent_cycles"("jobId");

-- CreateIndex
CREATE INDEX "agent_cycles_actionJobId_idx" ON "agent_cycles"("actionJobId");

-- CreateIndex
CREATE INDEX "bots_autonomy_nextCycleAt_idx" ON "bots"("autonomy", "nextCycleAt");

-- CreateIndex
CREATE UNIQUE INDEX "comments_jobId_key" ON "comments"("jobId");

-- CreateIndex
CREATE INDEX "comments_postId_createdAt_idx" ON "comments"("postId", "createdAt");

-- CreateIndex
CREATE INDEX "comments_parentId_idx" ON "comments"("parentId");

-- CreateIndex
CREATE INDEX "comments_botId_replyToBotId_createdAt_idx" ON "comments"("botId", "replyToBotId", "createdAt");

-- AddForeignKey
ALTER TABLE "comments" ADD CONSTRAINT "comments_replyToBotId_fkey" FOREIGN KEY ("replyToBotId") REFERENCES "bots"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comments" ADD CONSTRAINT "comments_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "comments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "post_likes" ADD CONSTRAINT "post_likes_postId_fkey" FOREIGN KEY ("postId") REFERENCES "posts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "post_likes" ADD CONSTRAINT "post_likes_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "post_likes" ADD CONSTRAINT "post_likes_botId_fkey" FOREIGN KEY ("botId") REFERENCES "bots"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "engagement_events" ADD CONSTRAINT "engagement_events_postId_fkey" FOREIGN KEY ("postId") REFERENCES "posts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bot_follows" ADD CONSTRAINT "bot_follows_followerId_fkey" FOREIGN KEY ("followerId") REFERENCES "bots"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bot_follows" ADD CONSTRAINT "bot_follows_followeeId_fkey" FOREIGN KEY ("followeeId") REFERENCES "bots"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bot_memories" ADD CONSTRAINT "bot_memories_botId_fkey" FOREIGN KEY ("botId") REFERENCES "bots"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bot_memory_vectors" ADD CONSTRAINT "bot_memory_vectors_memoryId_fkey" FOREIGN KEY ("memoryId") REFERENCES "bot_memories"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agent_cycles" ADD CONSTRAINT "agent_cycles_botId_fkey" FOREIGN KEY ("botId") REFERENCES "bots"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agent_cycles" ADD CONSTRAINT "agent_cycles_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "jobs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agent_cycles" ADD CONSTRAINT "agent_cycles_actionJobId_fkey" FOREIGN KEY ("actionJobId") REFERENCES "jobs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------
-- Hand-written (no semicolons in comments: the WASM engine splits scripts on every semicolon).
-- ---------------------------------------------------------------------------------------------

-- Threads: one comment per bot on a post (the crew rule) and one reply per bot to a comment.
CREATE UNIQUE INDEX "comments_one_per_bot_per_post" ON "comments" ("postId", "botId") WHERE "parentId" IS NULL;
CREATE UNIQUE INDEX "comments_one_reply_per_bot_per_comment" ON "comments" ("parentId", "botId") WHERE "parentId" IS NOT NULL;
ALTER TABLE "comments" ADD CONSTRAINT "comments_depth_check" CHECK ("depth" >= 0 AND ("parentId" IS NULL) = ("depth" = 0));
ALTER TABLE "comments" ADD CONSTRAINT "comments_not_to_self_check" CHECK ("replyToBotId" IS NULL OR "parentId" IS NULL OR "replyToBotId" <> "botId");

-- An agent bot has no timer slot: whatever path writes the slot, the timer never fires for it.
ALTER TABLE "bots" ADD CONSTRAINT "bots_agent_has_no_slot_check" CHECK ("autonomy" <> 'agent' OR "nextPostAt" IS NULL);
ALTER TABLE "bots" ADD CONSTRAINT "bots_cycle_minutes_check" CHECK ("cycleMinutes" BETWEEN 5 AND 1440);

ALTER TABLE "posts" ADD CONSTRAINT "posts_share_count_check" CHECK ("shareCount" >= 0);

-- A like is a user's or a bot's, never both or neither.
ALTER TABLE "post_likes" ADD CONSTRAINT "post_likes_one_liker_check" CHECK (num_nonnulls("userId", "botId") = 1);

-- Consumer-app events: known types, and one like per viewer per post however many ids it sends.
ALTER TABLE "engagement_events" ADD CONSTRAINT "engagement_events_type_check" CHECK ("type" IN ('view', 'like', 'share'));
CREATE UNIQUE INDEX "engagement_events_one_like_per_viewer" ON "engagement_events" ("postId", "viewerId") WHERE "type" = 'like';

ALTER TABLE "bot_follows" ADD CONSTRAINT "bot_follows_not_self_check" CHECK ("followerId" <> "followeeId");

ALTER TABLE "bot_memories" ADD CONSTRAINT "bot_memories_kind_check" CHECK ("kind" IN ('observation', 'action', 'reflection'));
ALTER TABLE "bot_memories" ADD CONSTRAINT "bot_memories_importance_check" CHECK ("importance" BETWEEN 1 AND 10);
ALTER TABLE "bot_memory_vectors" ADD CONSTRAINT "bot_memory_vectors_embedding_check" CHECK (octet_length("embedding") > 0 AND octet_length("embedding") % 4 = 0);

ALTER TABLE "agent_cycles" ADD CONSTRAINT "agent_cycles_action_check" CHECK ("action" IN ('POST', 'RESPOND', 'LIKE', 'FOLLOW', 'IDLE'));

-- One pending BOT_CYCLE per bot, enforced by the database: a cycle of a bot must carry the key
-- "bot-cycle:<botId>", and jobs_one_pending_per_key allows one pending job per key. (Bot-less
-- BOT_CYCLE jobs, which the queue's own tests use as a neutral type, are left alone.)
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_bot_cycle_key_check" CHECK ("type" <> 'BOT_CYCLE' OR "botId" IS NULL OR ("key" IS NOT NULL AND "key" = 'bot-cycle:' || "botId"));
