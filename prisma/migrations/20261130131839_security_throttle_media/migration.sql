-- CreateTable
CREATE TABLE "rate_limits" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "bots_avatarUrl_idx" ON "bots"("avatarUrl");

-- CreateIndex
CREATE INDEX "bots_characterRefUrl_idx" ON "bots"("characterRefUrl");

-- CreateIndex
CREATE INDEX "posts_mediaUrl_idx" ON "posts"("mediaUrl");

-- CreateIndex
CREATE INDEX "posts_thumbnailUrl_idx" ON "posts"("thumbnailUrl");

-- Hand-written: preview drafts keep their media URLs inside the result JSON, and the /media access
-- check looks them up by URL too (expression indexes Prisma cannot express).
CREATE INDEX "post_drafts_result_mediaUrl_idx" ON "post_drafts" (("result" ->> 'mediaUrl'));
CREATE INDEX "post_drafts_result_thumbnailUrl_idx" ON "post_drafts" (("result" ->> 'thumbnailUrl'));
