// Bots as creators manage them, one file per concept: access (who reaches which bot), errors,
// list, read, save (create/update), schedule (timer, agent mode), lifecycle (archive, restore,
// delete), avatar, reference.
export { botScope, requireBot } from './access.ts';
export * from './errors.ts';
export { listBots, listBotsPage, type BotListItem, type BotPage } from './list.ts';
export { getBot, getBotFormOptions, readPersonaDna, tierPostCaps, type BotDetail } from './read.ts';
export { createBot, updateBot } from './save.ts';
export { setBotAutonomy, setBotScheduling } from './schedule.ts';
export { archiveBot, botDeletionSummary, deleteBot, restoreBot, type ArchiveResult, type BotDeletionSummary } from './lifecycle.ts';
export { getBotActivity, type BotActivity } from './activity.ts';
export { generateBotAvatar, type AvatarResult } from './avatar.ts';
export { uploadCharacterReference, type ReferenceResult, type ReferenceUpload } from './reference.ts';
