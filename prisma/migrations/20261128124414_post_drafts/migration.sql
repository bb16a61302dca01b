-- CreateEnum
CREATE TYPE "DraftStatus" AS ENUM ('GENERATING', 'READY', 'FAILED', 'PUBLISHED', 'DISCARDED');

-- AlterTable
ALTER TABLE "usage_events" ADD COLUMN     "draftId" TEXT;

-- CreateTable
CREATE TABLE "post_drafts" (
    "id" TEXT NOT NULL,
    "botId" TEXT NOT NULL,
    "requestedById" TEXT NOT NULL,
    "status" "DraftStatus" NOT NULL DEFAULT 'GENERATING',
    "stage" TEXT,
    "postType" "PostType",
    "result" JSONB,
    "error" TEXT,
    "postId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "post_drafts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "post_drafts_postId_key" ON "post_drafts"("postId");

-- CreateIndex
CREATE INDEX "post_drafts_botId_createdAt_idx" ON "post_drafts"("botId", "createdAt" DESC);

-- AddForeignKey
ALTER TABLE "post_drafts" ADD CONSTRAINT "post_drafts_botId_fkey" FOREIGN KEY ("botId") REFERENCES "bots"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "post_drafts" ADD CONSTRAINT "post_drafts_postId_fkey" FOREIGN KEY ("postId") REFERENCES "posts"("id") ON DELETE SET NULL ON UPDATE CASCADE;
