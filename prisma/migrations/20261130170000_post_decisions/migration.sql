-- Who decided a held post and when, and a creator discarding one (the row stays for the record).
ALTER TABLE "posts" ADD COLUMN "decidedBy" TEXT,
ADD COLUMN "decidedAt" TIMESTAMP(3),
ADD COLUMN "discardedAt" TIMESTAMP(3);

-- Hand-written: a discarded post is never published.
ALTER TABLE "posts" ADD CONSTRAINT "posts_discarded_unpublished_check" CHECK ("discardedAt" IS NULL OR "publishedAt" IS NULL);

-- Posts whose moderation reason was overwritten with "Approved by NAME" or "Rejected by NAME".
UPDATE "posts" SET "decidedBy" = substring("moderationReason" from '^(?:Approved|Rejected) by (.*)$'), "moderationReason" = NULL
 WHERE "moderationReason" ~ '^(Approved|Rejected) by ';
