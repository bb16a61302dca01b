// Media on S3-compatible storage (issue 11, "runs on more than one machine"): the S3 store
// through the official SDK against a real S3-compatible server (s3rver), the store chosen by
// MEDIA_STORE, the publish pipeline writing to the bucket, and the /media route's access rules
// answering the same on both stores.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { makeBot, makeUser } from '../helpers/factories.ts';
import { startTestBucket, type TestBucket } from '../helpers/s3.ts';
import { ConfigError, env, resetEnvCache } from '../../src/lib/server/env.ts';
import { LocalMediaStore, MediaError, mediaStore, readMedia, S3MediaStore, storeMedia } from '../../src/lib/server/media/index.ts';
import { publishBotPost as generateAndPublish } from '../../src/lib/server/posting.ts';
import { createProviders } from '../../src/lib/server/ai/providers.ts';
import { GET as mediaRoute } from '../../src/routes/media/[...path]/+server.ts';

let bucket: TestBucket;
let db: TestDatabase;
const saved = { ...process.env };

beforeAll(async () => {
	bucket = await startTestBucket();
	db = await createTestDatabase();
});
afterAll(async () => {
	await bucket?.stop();
	await db?.drop();
});
afterEach(() => {
	for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
	Object.assign(process.env, saved);
	resetEnvCache();
});

function s3Store(prefix = '') {
	return new S3MediaStore({ bucket: bucket.bucket, prefix, endpoint: bucket.endpoint, forcePathStyle: true, credentials: bucket.credentials });
}

/** Point this process at `store`: `s3` (the test bucket) or `local` (a fresh folder). */
function useStore(kind: 'local' | 's3'): string {
	const dataDir = mkdtempSync(join(tmpdir(), 'rudo-media-'));
	process.env.RUDO_DATA_DIR = dataDir;
	if (kind === 's3') Object.assign(process.env, bucket.env);
	else process.env.MEDIA_STORE = 'local';
	resetEnvCache();
	return dataDir;
}

describe('the S3 media store', () => {
	it('stores content-addressed objects under the prefix and reads them back with their type', async () => {
		const store = s3Store('media/');
		const bytes = Buffer.from('png bytes for the bucket');
		const stored = await storeMedia(bytes, 'image/png', { store, now: new Date('2026-03-09T12:00:00Z') });
		expect(stored.url).toMatch(/^\/media\/2026\/03\/[0-9a-f]{64}\.png$/);
		expect(stored.path).toBe(`s3://${bucket.bucket}/media/${stored.key}`);
		expect((await bucket.getObject(`media/${stored.key}`))?.equals(bytes)).toBe(true);

		const file = await readMedia(stored.url, { store });
		expect(file.bytes.equals(bytes)).toBe(true);
		expect(file.contentType).toBe('image/png');

		// The same bytes again: one object.
		await storeMedia(bytes, 'image/png', { store, now: new Date('2026-03-20T00:00:00Z') });
		expect((await bucket.listKeys()).filter((k) => k.endsWith(`${stored.sha256}.png`))).toEqual([`media/${stored.key}`]);
	});

	it('a missing object is "not found"; a bad name is refused before any request', async () => {
		const store = s3Store();
		await expect(readMedia(`/media/2026/01/${'c'.repeat(64)}.png`, { store })).rejects.toMatchObject({ name: 'MediaError', notFound: true });
		for (const bad of ['/media/../secret.png', '/media/2026/%2e%2e/x.png', '/media/2026/01/x.txt']) {
			await expect(readMedia(bad, { store }), bad).rejects.toMatchObject({ name: 'MediaError', notFound: false });
		}
	});

	it('a bucket that refuses us (unknown access key) is an error, not "not found"', async () => {
		const store = new S3MediaStore({ bucket: bucket.bucket, endpoint: bucket.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'NOT-OUR-KEY', secretAccessKey: 'S3RVER' } });
		const error = await readMedia(`/media/2026/01/${'d'.repeat(64)}.png`, { store }).catch((e) => e);
		expect(error).toBeInstanceOf(MediaError);
		expect(error.notFound).toBe(false);
		expect(error.message).toMatch(/HTTP 403/);
		await expect(storeMedia(Buffer.from('x'), 'image/png', { store })).rejects.toThrow(/Could not store/);
	});
});

describe('MEDIA_STORE picks the store', () => {
	it('local is the default; s3 sends storeMedia to the bucket and nothing to the disk', async () => {
		const localDir = useStore('local');
		expect(mediaStore()).toBeInstanceOf(LocalMediaStore);
		const dataDir = useStore('s3');
		const store = mediaStore();
		expect(store).toBeInstanceOf(S3MediaStore);
		const stored = await storeMedia(Buffer.from(`bytes ${Date.now()}`), 'image/webp');
		expect(await bucket.getObject(stored.key)).not.toBeNull();
		expect(existsSync(join(dataDir, 'media'))).toBe(false);
		expect(existsSync(join(localDir, 'media'))).toBe(false);
	});

	it('refuses an s3 store without a bucket, and a malformed prefix', () => {
		process.env.MEDIA_STORE = 's3';
		delete process.env.MEDIA_S3_BUCKET;
		resetEnvCache();
		expect(() => env()).toThrow(ConfigError);
		expect(() => env()).toThrow(/MEDIA_STORE=s3 needs MEDIA_S3_BUCKET/);
		process.env.MEDIA_S3_BUCKET = 'rudo-media';
		process.env.MEDIA_S3_PREFIX = '/media';
		resetEnvCache();
		expect(() => env()).toThrow(/MEDIA_S3_PREFIX/);
	});

	it('the publish pipeline writes a generated post’s image to the bucket', async () => {
		const dataDir = useStore('s3');
		const owner = await makeUser(db);
		const bot = await makeBot(db, owner.id, { tier: 'SPARK' });
		const result = await generateAndPublish(db, bot.id, { providers: createProviders({}), postType: 'IMAGE', jobId: null });
		const post = await db.prisma.post.findUniqueOrThrow({ where: { id: result.postId } });
		const key = post.mediaUrl!.slice('/media/'.length);
		const object = await bucket.getObject(key);
		expect(object).not.toBeNull();
		expect((await readMedia(post.mediaUrl!)).bytes.equals(object!)).toBe(true);
		expect(existsSync(join(dataDir, 'media'))).toBe(false);
	});
});

// The route's rules (media/access.ts) with each store behind it: owner and admin read a draft's
// file, a stranger and a bad or unknown name get the same 404, a file nobody references is 404,
// caching stays private with a revalidating ETag.
describe.each(['local', 's3'] as const)('the /media route on the %s store', (kind) => {
	async function get(path: string, user: { id: string; role: 'ADMIN' | 'CREATOR' } | null, headers: Record<string, string> = {}) {
		const event = { params: { path }, locals: { user, requestId: 'test' }, request: new Request(`http://rudo.test/media/${path}`, { headers }) };
		try {
			return await mediaRoute(event as unknown as Parameters<typeof mediaRoute>[0]);
		} catch (error) {
			const status = (error as { status?: number }).status;
			if (typeof status === 'number') return new Response(null, { status });
			throw error;
		}
	}

	it('serves the owner and admins, and hides the file from everyone else', async () => {
		useStore(kind);
		process.env.DATABASE_URL = db.url;
		resetEnvCache();
		const owner = await makeUser(db);
		const stranger = await makeUser(db);
		const admin = await makeUser(db, { role: 'ADMIN' });
		const bot = await makeBot(db, owner.id);
		const bytes = Buffer.from(`a held post's image on ${kind} ${Date.now()}`);
		const stored = await storeMedia(bytes, 'image/png');
		await db.prisma.post.create({ data: { botId: bot.id, type: 'IMAGE', caption: 'held', mediaUrl: stored.url, moderationStatus: 'REVIEW' } });
		const path = stored.key;
		const as = (u: { id: string; role: 'ADMIN' | 'CREATOR' }) => ({ id: u.id, role: u.role });

		const ok = await get(path, as(owner));
		expect(ok.status).toBe(200);
		expect(Buffer.from(await ok.arrayBuffer()).equals(bytes)).toBe(true);
		expect(ok.headers.get('content-type')).toBe('image/png');
		expect(ok.headers.get('cache-control')).toBe('private, max-age=3600');
		const etag = ok.headers.get('etag')!;
		expect(etag).toBe(`"${stored.sha256}"`);
		expect((await get(path, as(owner), { 'if-none-match': etag })).status).toBe(304);
		expect((await get(path, as(admin))).status).toBe(200);

		expect((await get(path, as(stranger))).status).toBe(404);
		expect((await get(path, null)).status).toBe(404);
		expect((await get(`${path.slice(0, -4)}.exe`, as(owner))).status).toBe(404);
		expect((await get(`2026/01/${'0'.repeat(300)}.png`, as(admin))).status).toBe(404);
		// Referenced by a row but not in the store: 404 too.
		const gone = `/media/2026/01/${'e'.repeat(64)}.png`;
		await db.prisma.post.create({ data: { botId: bot.id, type: 'IMAGE', caption: 'lost', mediaUrl: gone, moderationStatus: 'REVIEW' } });
		expect((await get(gone.slice('/media/'.length), as(owner))).status).toBe(404);
	});
});
