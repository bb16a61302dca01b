// The bots router through createCaller, as server loads call it: auth and scoping of every
// procedure, validation with field errors, persistence, and the avatar / character reference
// flows with the local (offline) providers writing real image files into a temporary data dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { makeBot, makeUser } from '../helpers/factories.ts';
import { asSessionUser, callerAs, errorOf } from '../helpers/trpc.ts';
import { resetEnvCache } from '../../src/lib/server/env.ts';
import { resetProviders } from '../../src/lib/server/ai/providers.ts';
import { readMedia, resolveMediaPath } from '../../src/lib/server/media/index.ts';
import { characterAnalysisSchema, TIER_CAPABILITIES } from '../../src/lib/server/ai/types.ts';
import { ProviderError } from '../../src/lib/server/ai/providers/types.ts';
import { BotGenerationError, generateBotAvatar } from '../../src/lib/server/bots/index.ts';
import { toTRPCError } from '../../src/lib/server/trpc/routers/bots.ts';
import { appRouter } from '../../src/lib/server/trpc/root.ts';
import type { BotInput } from '../../src/lib/schemas/bot.ts';

let db: TestDatabase;
let dataDir: string;

// Media must not land in the project's .data, and the providers must be the offline ones.
const savedEnv = { ...process.env };
beforeAll(async () => {
	dataDir = mkdtempSync(join(tmpdir(), 'rudo-bots-router-'));
	process.env.RUDO_DATA_DIR = dataDir;
	for (const key of ['OPENAI_API_KEY', 'FAL_KEY', 'RUNWAYML_API_SECRET']) delete process.env[key];
	resetEnvCache();
	resetProviders();
	db = await createTestDatabase();
});
afterAll(async () => {
	await db?.drop();
	process.env = savedEnv;
	resetEnvCache();
	resetProviders();
	rmSync(dataDir, { recursive: true, force: true });
});


/** What the errorFormatter would send: zod's flattened field errors, for BAD_REQUEST from zod. */
function fieldErrors(error: TRPCError): Record<string, string[] | undefined> {
	expect(error.code).toBe('BAD_REQUEST');
	const cause = error.cause as { issues?: { path: PropertyKey[]; message: string }[] } | undefined;
	expect(cause?.issues, 'a BAD_REQUEST with zod issues').toBeTruthy();
	const out: Record<string, string[]> = {};
	for (const issue of cause!.issues!) (out[String(issue.path[0])] ??= []).push(issue.message);
	return out;
}

const validDna = {
	voice: 'calm and curious',
	traits: ['patient', 'observant'],
	interests: ['tide pools', 'lighthouses'],
	examplePosts: ['the tide left a gift again'],
	catchphrases: [],
	palette: ['#0077b6', '#caf0f8'],
	emoji: 'sparing' as const
};

function botData(over: Partial<BotInput> = {}): BotInput {
	return { handle: `sea_${Math.random().toString(36).slice(2, 8)}`, name: 'Sea Glass', bio: 'Beachcombing daily.', personaDna: validDna, tier: 'SPARK', artStyle: 'WATERCOLOR', postsPerDay: 2, schedulingEnabled: false, ...over };
}

async function creators() {
	const maya = await makeUser(db, { name: 'Maya' });
	const leo = await makeUser(db, { name: 'Leo' });
	const admin = await makeUser(db, { role: 'ADMIN', name: 'Ada' });
	return {
		maya: callerAs(db, asSessionUser(maya)),
		leo: callerAs(db, asSessionUser(leo)),
		admin: callerAs(db, asSessionUser(admin)),
		users: { maya, leo, admin }
	};
}

/** A real PNG, made here: a coloured figure on a background. */
async function makePng(size = 96): Promise<Buffer> {
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}"><rect width="100%" height="100%" fill="#1d3557"/><circle cx="${size / 2}" cy="${size / 2}" r="${size / 3}" fill="#e63946"/></svg>`;
	return sharp(Buffer.from(svg)).png().toBuffer();
}

describe('auth: every procedure needs a session', () => {
	it('signed out, each procedure is UNAUTHORIZED', async () => {
		const anon = callerAs(db, null);
		const png = (await makePng()).toString('base64');
		// Thunks, so each call starts only when awaited (no rejection sits unhandled meanwhile).
		const calls: (() => Promise<unknown>)[] = [
			() => anon.bots.list(),
			() => anon.bots.get({ id: 'x' }),
			() => anon.bots.formOptions(),
			() => anon.bots.create(botData()),
			() => anon.bots.update({ id: 'x', ...botData() }),
			() => anon.bots.setScheduling({ id: 'x', enabled: true }),
			() => anon.bots.generateAvatar({ id: 'x' }),
			() => anon.bots.uploadReference({ id: 'x', file: { name: 'a.png', type: 'image/png', base64: png } })
		];
		for (const call of calls) expect((await errorOf(call())).code).toBe('UNAUTHORIZED');
	});
});

describe("another creator's bot is NOT_FOUND, never FORBIDDEN", () => {
	it('by get, update, setScheduling, generateAvatar and uploadReference — and nothing changes', async () => {
		const { maya, users } = await creators();
		const leosBot = await makeBot(db, (await makeUser(db)).id, { handle: 'not_mayas_bot' });
		const png = (await makePng()).toString('base64');
		const attempts: (() => Promise<unknown>)[] = [
			() => maya.bots.get({ id: leosBot.id }),
			() => maya.bots.update({ id: leosBot.id, ...botData({ handle: 'stolen_bot' }) }),
			() => maya.bots.setScheduling({ id: leosBot.id, enabled: true }),
			() => maya.bots.generateAvatar({ id: leosBot.id }),
			() => maya.bots.uploadReference({ id: leosBot.id, file: { name: 'a.png', type: 'image/png', base64: png } })
		];
		for (const attempt of attempts) {
			const error = await errorOf(attempt());
			expect(error.code).toBe('NOT_FOUND');
			expect(error.message).toBe('Bot not found.');
		}
		// Same answer as for an id that does not exist at all.
		expect((await errorOf(maya.bots.get({ id: 'does-not-exist' }))).message).toBe('Bot not found.');
		const after = await db.prisma.bot.findUniqueOrThrow({ where: { id: leosBot.id } });
		expect(after).toMatchObject({ handle: 'not_mayas_bot', schedulingEnabled: false, avatarUrl: null, characterRefUrl: null });
		expect(after.ownerId).not.toBe(users.maya.id);
		expect(await db.prisma.usageEvent.count({ where: { botId: leosBot.id } })).toBe(0);
	});

	it('an admin can read and update any bot, and sees its owner', async () => {
		const { admin, maya, users } = await creators();
		const created = await maya.bots.create(botData({ handle: 'admin_can_edit' }));
		const read = await admin.bots.get({ id: created.id });
		expect(read.owner).toMatchObject({ id: users.maya.id, name: 'Maya' });
		const updated = await admin.bots.update({ id: created.id, ...botData({ handle: 'admin_can_edit', name: 'Renamed by admin' }) });
		expect(updated.name).toBe('Renamed by admin');
		expect(updated.owner.id).toBe(users.maya.id);
	});
});

describe('list: scoped, searchable and filterable', () => {
	it('creators see only their own bots; admins see all with owners; search and filters narrow it', async () => {
		const { maya, leo, admin, users } = await creators();
		const neon = await maya.bots.create(botData({ handle: 'list_neon_x', name: 'Neon Walker', artStyle: 'CYBERPUNK', schedulingEnabled: true }));
		await db.prisma.bot.update({ where: { id: neon.id }, data: { tier: 'APEX' } }); // tiers are an admin's to set
		await maya.bots.create(botData({ handle: 'list_petal', name: 'Petal', tier: 'SPARK', artStyle: 'WATERCOLOR', postsPerDay: 1 }));
		await maya.bots.create(botData({ handle: 'listxneon', name: 'Other', tier: 'SPARK', artStyle: 'ANIME', postsPerDay: 1 }));
		const leoNeon = await leo.bots.create(botData({ handle: 'list_leo_neon', name: 'Leo Neon', artStyle: 'CYBERPUNK', postsPerDay: 2 }));
		await db.prisma.bot.update({ where: { id: leoNeon.id }, data: { tier: 'APEX' } });

		const handles = (bots: { handle: string }[]) => bots.map((b) => b.handle).sort();
		expect(handles(await maya.bots.list())).toEqual(['list_neon_x', 'list_petal', 'listxneon']);
		// Name or handle, any case; "_" is a literal underscore, not a LIKE wildcard.
		expect(handles(await maya.bots.list({ search: 'NEON' }))).toEqual(['list_neon_x', 'listxneon']);
		expect(handles(await maya.bots.list({ search: 'list_neon' }))).toEqual(['list_neon_x']);
		expect(handles(await maya.bots.list({ search: '@list_petal' }))).toEqual(['list_petal']);
		expect(handles(await maya.bots.list({ tier: 'SPARK' }))).toEqual(['list_petal', 'listxneon']);
		expect(handles(await maya.bots.list({ artStyle: 'CYBERPUNK' }))).toEqual(['list_neon_x']);
		expect(handles(await maya.bots.list({ scheduling: 'on' }))).toEqual(['list_neon_x']);
		expect(handles(await maya.bots.list({ scheduling: 'off', tier: 'SPARK', search: 'petal' }))).toEqual(['list_petal']);
		expect(await maya.bots.list({ search: 'nothing-matches-this' })).toEqual([]);

		const all = await admin.bots.list({ search: 'neon' });
		expect(handles(all)).toEqual(expect.arrayContaining(['list_neon_x', 'listxneon', 'list_leo_neon']));
		expect(all.find((b) => b.handle === 'list_leo_neon')?.owner).toMatchObject({ id: users.leo.id, name: 'Leo' });

		expect((await errorOf(maya.bots.list({ tier: 'GOLD' as never }))).code).toBe('BAD_REQUEST');
	});
});

describe('create and update: validation with field errors', () => {
	it('a bad handle is a BAD_REQUEST with a handle field error', async () => {
		const { maya } = await creators();
		for (const handle of ['No Caps Or Spaces', 'ab', 'x'.repeat(31), 'dash-ed']) {
			const errors = fieldErrors(await errorOf(maya.bots.create(botData({ handle }))));
			expect(errors.handle?.[0]).toBeTruthy();
		}
		expect(fieldErrors(await errorOf(maya.bots.create(botData({ handle: 'Has Caps' })))).handle).toEqual(['Use only lowercase letters, digits and underscores (a–z, 0–9, _)']);
	});

	it('a duplicate handle says it is taken, on create and on update', async () => {
		const { maya, leo } = await creators();
		await leo.bots.create(botData({ handle: 'taken_handle' }));
		expect(fieldErrors(await errorOf(maya.bots.create(botData({ handle: 'taken_handle' })))).handle).toEqual(['@taken_handle is taken — try another handle']);
		const mine = await maya.bots.create(botData({ handle: 'free_handle' }));
		expect(fieldErrors(await errorOf(maya.bots.update({ id: mine.id, ...botData({ handle: 'taken_handle' }) }))).handle?.[0]).toMatch(/is taken/);
		expect(await db.prisma.bot.count({ where: { handle: 'taken_handle' } })).toBe(1);
	});

	it("postsPerDay over the tier's cap is refused with the cap in the message", async () => {
		const { maya, admin } = await creators();
		const sparkCap = TIER_CAPABILITIES.SPARK.maxPostsPerDay;
		const errors = fieldErrors(await errorOf(maya.bots.create(botData({ tier: 'SPARK', postsPerDay: sparkCap + 1 }))));
		expect(errors.postsPerDay).toEqual([`Spark bots post at most ${sparkCap} times a day — lower it or pick a higher tier`]);
		// Beyond what any tier allows (and the database CHECK) is caught by the schema itself.
		expect(fieldErrors(await errorOf(maya.bots.create(botData({ tier: 'APEX', postsPerDay: 49 })))).postsPerDay?.[0]).toMatch(/48/);
		expect(fieldErrors(await errorOf(maya.bots.create(botData({ postsPerDay: 0 })))).postsPerDay).toEqual(['Post at least once a day']);
		// Downgrading the tier without lowering the rate is refused too.
		const apex = await admin.bots.create(botData({ tier: 'APEX', postsPerDay: 10 }));
		expect(fieldErrors(await errorOf(admin.bots.update({ id: apex.id, ...botData({ handle: apex.handle, tier: 'PULSE', postsPerDay: 10 }) }))).postsPerDay?.[0]).toMatch(/Pulse bots post at most 4/);
		expect((await db.prisma.bot.findUniqueOrThrow({ where: { id: apex.id } })).tier).toBe('APEX');
	});

	it('bad persona DNA is a BAD_REQUEST with a personaDna field error', async () => {
		const { maya } = await creators();
		const bad = [
			{ ...validDna, traits: [] },
			{ ...validDna, voice: 'x' },
			{ ...validDna, palette: ['red', 'blue'] },
			{ ...validDna, emoji: 'sometimes' as never }
		];
		for (const personaDna of bad) expect(fieldErrors(await errorOf(maya.bots.create(botData({ personaDna })))).personaDna?.length).toBeGreaterThan(0);
		const { personaDna: _, ...withoutDna } = botData();
		expect(fieldErrors(await errorOf(maya.bots.create(withoutDna as BotInput))).personaDna).toBeTruthy();
	});

	it('over HTTP, a domain field error reaches the client like a zod one: data.zodError.fieldErrors', async () => {
		const { maya, users } = await creators();
		await maya.bots.create(botData({ handle: 'http_taken' }));
		const response = await fetchRequestHandler({
			endpoint: '/trpc',
			router: appRouter,
			req: new Request('http://localhost/trpc/bots.create', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(superjson.serialize(botData({ handle: 'http_taken' })))
			}),
			createContext: () => ({ db, user: asSessionUser(users.maya), cookies: null, secureCookies: false })
		});
		expect(response.status).toBe(400);
		const body = (await response.json()) as { error: { json: { data: { code: string; zodError: { fieldErrors: Record<string, string[]> } } } } };
		expect(body.error.json.data.code).toBe('BAD_REQUEST');
		expect(body.error.json.data.zodError.fieldErrors).toEqual({ handle: ['@http_taken is taken — try another handle'] });
	});

	it('a crew that does not exist is a crewId field error', async () => {
		const { maya } = await creators();
		expect(fieldErrors(await errorOf(maya.bots.create(botData({ crewId: 'no-such-crew' })))).crewId?.[0]).toMatch(/crew/);
	});
});

describe('create and update: persistence', () => {
	it('creates a bot owned by the caller with every field, and schedules it when asked', async () => {
		const { maya, users } = await creators();
		const crew = await db.prisma.crew.create({ data: { name: `Crew ${Math.random()}` } });
		const created = await maya.bots.create(botData({ handle: '  tide_pool  ', name: ' Tide Pool ', artStyle: 'ANIME', postsPerDay: 2, schedulingEnabled: true, crewId: crew.id }));
		const row = await db.prisma.bot.findUniqueOrThrow({ where: { id: created.id } });
		expect(row).toMatchObject({ handle: 'tide_pool', name: 'Tide Pool', ownerId: users.maya.id, tier: 'SPARK', artStyle: 'ANIME', postsPerDay: 2, schedulingEnabled: true, crewId: crew.id });
		expect(row.nextPostAt!.getTime()).toBeGreaterThan(Date.now());
		expect(row.personaDna).toEqual(validDna);
		expect(created).toMatchObject({ handle: 'tide_pool', crew: { id: crew.id }, personaDnaProblem: null, characterAnalysis: null });
		const formOptions = await maya.bots.formOptions();
		expect(formOptions.crews).toEqual(expect.arrayContaining([{ id: crew.id, name: crew.name }]));
		expect(formOptions.tierPostCaps).toEqual({ SPARK: 2, PULSE: 4, NOVA: 8, APEX: 24 });
	});

	it('fills persona defaults the creator left out', async () => {
		const { maya } = await creators();
		const created = await maya.bots.create(botData({ personaDna: { voice: 'short and sweet', traits: ['kind'], interests: ['knitting'] } }));
		expect(created.personaDna).toMatchObject({ examplePosts: [], catchphrases: [], emoji: 'sparing' });
		expect(created.personaDna.palette.length).toBeGreaterThanOrEqual(2);
	});

	it('updates every editable field; scheduling follows the toggle; crewId null leaves the crew', async () => {
		const { maya } = await creators();
		const crew = await db.prisma.crew.create({ data: { name: `Crew ${Math.random()}` } });
		const bot = await maya.bots.create(botData({ handle: 'before_edit', crewId: crew.id }));
		const dna = { ...validDna, voice: 'loud and proud', traits: ['bold'], examplePosts: ['LOOK AT THIS SHELL', 'another one'] };
		const updated = await maya.bots.update({ id: bot.id, ...botData({ handle: 'after_edit', name: 'After', bio: 'New bio', personaDna: dna, artStyle: 'COMIC', postsPerDay: 1, schedulingEnabled: true, crewId: null }) });
		expect(updated).toMatchObject({ handle: 'after_edit', name: 'After', bio: 'New bio', tier: 'SPARK', artStyle: 'COMIC', postsPerDay: 1, schedulingEnabled: true, crewId: null });
		const row = await db.prisma.bot.findUniqueOrThrow({ where: { id: bot.id } });
		expect(row.personaDna).toEqual(dna);
		expect(row.nextPostAt).not.toBeNull();

		const off = await maya.bots.update({ id: bot.id, ...botData({ handle: 'after_edit', postsPerDay: 1, schedulingEnabled: false }) });
		expect(off).toMatchObject({ schedulingEnabled: false, nextPostAt: null });
	});

	it('setScheduling turns the schedule on (with a next slot) and off (clearing it)', async () => {
		const { maya } = await creators();
		const bot = await maya.bots.create(botData());
		const on = await maya.bots.setScheduling({ id: bot.id, enabled: true });
		expect(on.schedulingEnabled).toBe(true);
		expect(on.nextPostAt!.getTime()).toBeGreaterThan(Date.now());
		const off = await maya.bots.setScheduling({ id: bot.id, enabled: false });
		expect(off).toMatchObject({ schedulingEnabled: false, nextPostAt: null });
	});

	it('opens a bot whose stored DNA no longer validates, with the problem spelled out', async () => {
		const { maya, users } = await creators();
		const bot = await makeBot(db, users.maya.id);
		await db.prisma.bot.update({ where: { id: bot.id }, data: { personaDna: { voice: 'ok voice', traits: 'not-a-list' } } });
		const read = await maya.bots.get({ id: bot.id });
		expect(read.personaDna).toMatchObject({ voice: 'ok voice', traits: [] });
		expect(read.personaDnaProblem).toMatch(/traits/);
		// An avatar needs valid DNA: a clear precondition error, not a crash.
		const error = await errorOf(maya.bots.generateAvatar({ id: bot.id }));
		expect(error.code).toBe('PRECONDITION_FAILED');
		expect(error.message).toMatch(/persona DNA/);
	});
});

describe('avatar generation', () => {
	it('writes a real image file, saves avatarUrl and records a usage row', async () => {
		const { maya } = await creators();
		const bot = await maya.bots.create(botData({ artStyle: 'PIXEL_ART' }));
		const result = await maya.bots.generateAvatar({ id: bot.id });
		expect(result.avatarUrl).toMatch(/^\/media\/\d{4}\/\d{2}\/[0-9a-f]{64}\.(png|webp)$/);
		// Under the temporary data dir, not the project's .data.
		expect(resolveMediaPath(result.avatarUrl).startsWith(dataDir)).toBe(true);
		const file = await readMedia(result.avatarUrl);
		const meta = await sharp(file.bytes).metadata();
		expect(meta).toMatchObject({ width: 512, height: 512 });
		expect((await stat(file.path)).size).toBe(file.size);

		expect((await db.prisma.bot.findUniqueOrThrow({ where: { id: bot.id } })).avatarUrl).toBe(result.avatarUrl);
		const usage = await db.prisma.usageEvent.findMany({ where: { botId: bot.id } });
		expect(usage).toHaveLength(1);
		expect(usage[0]).toMatchObject({ provider: 'local', operation: 'image', images: 1, botId: bot.id });
		expect(usage[0].model).toBeTruthy();
		expect(Number(usage[0].costUsd)).toBe(0);

		// Each click is a new picture.
		const again = await maya.bots.generateAvatar({ id: bot.id });
		expect(again.avatarUrl).not.toBe(result.avatarUrl);
		expect(await db.prisma.usageEvent.count({ where: { botId: bot.id } })).toBe(2);
	});

	it("a provider failure records what was billed and maps to a retryable code", async () => {
		const { users } = await creators();
		const bot = await makeBot(db, users.maya.id);
		const failing = {
			image: {
				provider: 'fal',
				model: 'fal-ai/flux/dev',
				async generateImage(): Promise<never> {
					throw new ProviderError('429 Too Many Requests', { provider: 'fal', model: 'fal-ai/flux/dev', kind: 'rate_limit', retryable: true, usage: [{ provider: 'fal', model: 'fal-ai/flux/dev', operation: 'image', images: 1, costUsd: 0.025 }] });
				}
			}
		};
		const error = await generateBotAvatar(db, asSessionUser(users.maya), bot.id, { providers: failing }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(BotGenerationError);
		expect((toTRPCError(error) as TRPCError).code).toBe('TOO_MANY_REQUESTS');
		const usage = await db.prisma.usageEvent.findMany({ where: { botId: bot.id } });
		expect(usage.map((u) => Number(u.costUsd))).toEqual([0.025]);
		expect((await db.prisma.bot.findUniqueOrThrow({ where: { id: bot.id } })).avatarUrl).toBeNull();
	});
});

describe('character reference upload', () => {
	it('rejects a wrong declared type, bytes that are not PNG/JPEG/WebP, and files over 5 MB', async () => {
		const { maya } = await creators();
		const bot = await maya.bots.create(botData());
		const png = await makePng();
		const gif = await sharp(png).gif().toBuffer();
		const cases: { type: string; bytes: Buffer; message: RegExp }[] = [
			{ type: 'image/gif', bytes: gif, message: /PNG, JPEG or WebP/ },
			{ type: 'text/plain', bytes: Buffer.from('hello'), message: /PNG, JPEG or WebP/ },
			// Declared as PNG, but the bytes say otherwise: the bytes win.
			{ type: 'image/png', bytes: Buffer.from('definitely not an image, just text pretending'), message: /not a readable image/ },
			{ type: 'image/png', bytes: gif, message: /this file is GIF/ },
			// Just over 5 MB passes the base64 length cap and is caught on the decoded size.
			{ type: 'image/png', bytes: Buffer.alloc(5 * 1024 * 1024 + 1, 1), message: /larger than 5 MB/ },
			// Far over: refused by the input schema before decoding.
			{ type: 'image/png', bytes: Buffer.alloc(6 * 1024 * 1024, 1), message: /larger than 5 MB/ }
		];
		for (const c of cases) {
			const errors = fieldErrors(await errorOf(maya.bots.uploadReference({ id: bot.id, file: { name: 'upload', type: c.type, base64: c.bytes.toString('base64') } })));
			expect(errors.file?.[0], c.type).toMatch(c.message);
		}
		const row = await db.prisma.bot.findUniqueOrThrow({ where: { id: bot.id } });
		expect(row).toMatchObject({ characterRefUrl: null, characterAnalysis: null });
		expect(await db.prisma.usageEvent.count({ where: { botId: bot.id } })).toBe(0);
	});

	it('stores a real PNG, analyses it, saves the analysis and records a usage row', async () => {
		const { maya } = await creators();
		const bot = await maya.bots.create(botData());
		const png = await makePng(128);
		const result = await maya.bots.uploadReference({ id: bot.id, file: { name: 'hero.png', type: 'image/png', base64: png.toString('base64') } });

		expect(result.characterRefUrl).toMatch(/^\/media\/.+\.png$/);
		const stored = await readMedia(result.characterRefUrl);
		expect(stored.contentType).toBe('image/png');
		expect(await sharp(stored.bytes).metadata()).toMatchObject({ format: 'png', width: 128, height: 128 });
		expect(characterAnalysisSchema.parse(result.characterAnalysis)).toEqual(result.characterAnalysis);
		// The local vision model measures colours: the red figure and navy ground are in the palette.
		expect(result.characterAnalysis.palette.join(' ')).toMatch(/#/);

		const row = await db.prisma.bot.findUniqueOrThrow({ where: { id: bot.id } });
		expect(row.characterRefUrl).toBe(result.characterRefUrl);
		expect(row.characterAnalysis).toEqual(result.characterAnalysis);
		const usage = await db.prisma.usageEvent.findMany({ where: { botId: bot.id } });
		expect(usage).toHaveLength(1);
		expect(usage[0]).toMatchObject({ provider: 'local', operation: 'vision', botId: bot.id });

		// The editor reads it back as structured fields.
		expect((await maya.bots.get({ id: bot.id })).characterAnalysis).toEqual(result.characterAnalysis);
	});

	it('accepts a JPEG declared as PNG (the bytes decide) and strips its EXIF metadata', async () => {
		const { maya } = await creators();
		const bot = await maya.bots.create(botData());
		const jpeg = await sharp(await makePng(64)).jpeg().withExif({ IFD0: { Copyright: 'secret-location' } }).toBuffer();
		expect((await sharp(jpeg).metadata()).exif).toBeTruthy();
		const result = await maya.bots.uploadReference({ id: bot.id, file: { name: 'photo.png', type: 'image/png', base64: jpeg.toString('base64') } });
		expect(result.characterRefUrl).toMatch(/\.jpg$/);
		const stored = await readMedia(result.characterRefUrl);
		expect((await sharp(stored.bytes).metadata()).exif).toBeUndefined();
	});
});

describe('tiers are set by admins only (issue 9 item 11)', () => {
	it('a creator cannot create a bot above SPARK, nor change a bot’s tier; nothing is written', async () => {
		const { maya } = await creators();
		const errors = fieldErrors(await errorOf(maya.bots.create(botData({ handle: 'wants_apex', tier: 'APEX', postsPerDay: 2 }))));
		expect(errors.tier).toEqual(['Only an admin can change a bot’s tier.']);
		expect(await db.prisma.bot.count({ where: { handle: 'wants_apex' } })).toBe(0);

		const bot = await maya.bots.create(botData({ handle: 'spark_bot' }));
		expect(bot.tier).toBe('SPARK');
		for (const tier of ['PULSE', 'NOVA', 'APEX'] as const) {
			expect(fieldErrors(await errorOf(maya.bots.update({ id: bot.id, ...botData({ handle: 'spark_bot', tier }) }))).tier).toEqual(['Only an admin can change a bot’s tier.']);
		}
		expect((await db.prisma.bot.findUniqueOrThrow({ where: { id: bot.id } })).tier).toBe('SPARK');
	});

	it('an admin sets any tier; the creator then edits the bot keeping it, and sees the tier and its limits', async () => {
		const { maya, admin } = await creators();
		const bot = await maya.bots.create(botData({ handle: 'promoted_bot' }));
		await admin.bots.update({ id: bot.id, ...botData({ handle: 'promoted_bot', tier: 'NOVA', postsPerDay: 6 }) });
		const edited = await maya.bots.update({ id: bot.id, ...botData({ handle: 'promoted_bot', name: 'Renamed', tier: 'NOVA', postsPerDay: 8 }) });
		expect(edited).toMatchObject({ name: 'Renamed', tier: 'NOVA', postsPerDay: 8 });
		expect(fieldErrors(await errorOf(maya.bots.update({ id: bot.id, ...botData({ handle: 'promoted_bot', tier: 'SPARK', postsPerDay: 2 }) }))).tier).toBeTruthy();

		const creatorOptions = await maya.bots.formOptions();
		expect(creatorOptions.canChangeTier).toBe(false);
		expect(creatorOptions.tierLimits.NOVA).toBe('up to 8 posts a day · video clips up to 10 s · trend-aware tags · 1024 px images');
		expect(creatorOptions.tierLimits.SPARK).toMatch(/^up to 2 posts a day · no video/);
		expect((await admin.bots.formOptions()).canChangeTier).toBe(true);
	});
});

describe('NUL and other invalid characters are cleaned at the zod boundary (issue 9 item 7)', () => {
	it('a NUL in the search, a bot name or a persona is removed, never a database error', async () => {
		const { maya } = await creators();
		await expect(maya.bots.list({ search: 'sea\u0000glass' })).resolves.toEqual([]);
		const bot = await maya.bots.create(botData({ handle: 'nul_bot', name: 'Sea\u0000 Glass\u0007', personaDna: { ...validDna, interests: ['tide\u0000 pools'] } }));
		expect(bot.name).toBe('Sea Glass');
		expect(bot.personaDna.interests).toEqual(['tide pools']);
		// Nothing but NUL is an empty name: the field's own message.
		expect(fieldErrors(await errorOf(maya.bots.create(botData({ handle: 'nul_only', name: '\u0000\u0000' })))).name).toEqual(['Give the bot a name']);
		const lone = await maya.bots.update({ id: bot.id, ...botData({ handle: 'nul_bot', name: 'Half \ud83d emoji' }) });
		expect(lone.name).toBe('Half  emoji');
	});
});
