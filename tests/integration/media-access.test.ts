// Issue 9 item 9: who may read a stored media file.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { makeBot, makeUser } from '../helpers/factories.ts';
import { canReadMedia } from '../../src/lib/server/media/access.ts';
import { isMediaUrl } from '../../src/lib/server/media/index.ts';

let db: TestDatabase;
beforeAll(async () => {
	db = await createTestDatabase();
});
afterAll(async () => db?.drop());
beforeEach(async () => db.truncate());

let n = 0;
const url = () => `/media/2026/11/${(++n).toString(16).padStart(64, 'a')}.png`;

async function people() {
	const owner = await makeUser(db);
	const stranger = await makeUser(db);
	const admin = await makeUser(db, { role: 'ADMIN' });
	const bot = await makeBot(db, owner.id);
	const as = (u: { id: string; role: 'ADMIN' | 'CREATOR' }) => ({ id: u.id, role: u.role });
	return { owner: as(owner), stranger: as(stranger), admin: as(admin), bot };
}

async function readers(file: string, who: Awaited<ReturnType<typeof people>>) {
	return {
		owner: await canReadMedia(db, who.owner, file),
		admin: await canReadMedia(db, who.admin, file),
		stranger: await canReadMedia(db, who.stranger, file)
	};
}

describe('media access', () => {
	it('a published, approved post’s image and thumbnail: every signed-in user', async () => {
		const who = await people();
		const [media, thumb] = [url(), url()];
		await db.prisma.post.create({ data: { botId: who.bot.id, type: 'VIDEO', caption: 'x', mediaUrl: media, thumbnailUrl: thumb, moderationStatus: 'APPROVED', publishedAt: new Date() } });
		expect(await readers(media, who)).toEqual({ owner: true, admin: true, stranger: true });
		expect(await readers(thumb, who)).toEqual({ owner: true, admin: true, stranger: true });
	});

	it('held and rejected posts, drafts and character references: owner and admins only', async () => {
		const who = await people();
		const held = url();
		const rejected = url();
		const draft = url();
		const reference = url();
		await db.prisma.post.create({ data: { botId: who.bot.id, type: 'IMAGE', caption: 'x', mediaUrl: held, moderationStatus: 'REVIEW' } });
		await db.prisma.post.create({ data: { botId: who.bot.id, type: 'IMAGE', caption: 'x', mediaUrl: rejected, moderationStatus: 'REJECTED' } });
		await db.prisma.postDraft.create({ data: { botId: who.bot.id, requestedById: who.owner.id, status: 'READY', result: { mediaUrl: draft, thumbnailUrl: null } } });
		await db.prisma.bot.update({ where: { id: who.bot.id }, data: { characterRefUrl: reference } });
		for (const file of [held, rejected, draft, reference]) expect(await readers(file, who)).toEqual({ owner: true, admin: true, stranger: false });
	});

	it('an avatar is public once its bot has published, private before', async () => {
		const who = await people();
		const avatar = url();
		await db.prisma.bot.update({ where: { id: who.bot.id }, data: { avatarUrl: avatar } });
		expect(await readers(avatar, who)).toEqual({ owner: true, admin: true, stranger: false });
		await db.prisma.post.create({ data: { botId: who.bot.id, type: 'TEXT', caption: 'hello', moderationStatus: 'APPROVED', publishedAt: new Date() } });
		expect(await readers(avatar, who)).toEqual({ owner: true, admin: true, stranger: true });
	});

	it('a file nothing references: nobody (answered like a missing file)', async () => {
		const who = await people();
		expect(await readers(url(), who)).toEqual({ owner: false, admin: false, stranger: false });
	});

	it('only names storeMedia makes are media URLs (anything else answers 404 before the disk)', () => {
		expect(isMediaUrl(`/media/2026/11/${'a'.repeat(64)}.webp`)).toBe(true);
		for (const bad of [`/media/${'a'.repeat(300)}.png`, '/media/2026/11/../../pg/pg_hba.conf', `/media/2026/11/${'A'.repeat(64)}.png`, `/media/2026/11/${'a'.repeat(64)}.txt`, '/media/x.png', `/media/2026/11/${'a'.repeat(64)}.png/x`]) {
			expect(isMediaUrl(bad)).toBe(false);
		}
	});
});
