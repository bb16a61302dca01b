-- AlterTable
ALTER TABLE "bots" ADD COLUMN     "archivedAt" TIMESTAMP(3);

-- An archived bot never acts on its own: the database refuses scheduling (or an agent's next
-- cycle) on one, whatever path writes the row.
ALTER TABLE "bots" ADD CONSTRAINT "bots_archived_not_scheduled_check"
  CHECK ("archivedAt" IS NULL OR (NOT "schedulingEnabled" AND "nextPostAt" IS NULL AND "nextCycleAt" IS NULL));
