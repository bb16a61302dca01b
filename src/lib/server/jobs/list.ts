// The jobs list: newest (or oldest) first by id — time-ordered UUIDv7, so the primary key is the
// creation order — with keyset pagination: a page starts after (or before) the last id seen, and
// never counts the rows it skips, so page 1,000 costs what page 1 costs. The total is exact up
// to COUNT_EXACT_LIMIT and the planner's estimate beyond, labelled as such: counting a million
// matching rows on every page would cost more than the page.
import { z } from 'zod';
import { filterSql, jobFilterSchema } from './admin.ts';
import type { JobStatus, Queryable } from './types.ts';

export const JOB_SORTS = ['created-desc', 'created-asc'] as const;
export type JobSort = (typeof JOB_SORTS)[number];

/** Totals up to this are counted exactly (when that is cheap); above it the planner's estimate is shown as "about". */
export const COUNT_EXACT_LIMIT = 10_000;
/** The planner's cost above which an exact count is not attempted (about a few thousand rows read). */
const COUNT_COST_LIMIT = 5_000;

const COLUMNS = `id, type, status, "botId", attempts, "maxAttempts", "runAt", "createdAt", "startedAt", "finishedAt", left("lastError", 300) AS "lastError", "waitReason"`;

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'Not a job id');

export const jobListInputSchema = z.object({
	filter: jobFilterSchema.default({}),
	pageSize: z.number().int().min(1).max(100).default(25),
	sort: z.enum(JOB_SORTS).default('created-desc'),
	/** Rows after this id in the sort order (the next page), or before it (the previous page). */
	cursor: z.object({ id: uuid, direction: z.enum(['after', 'before']) }).optional()
});
export type JobListInput = z.input<typeof jobListInputSchema>;

export interface JobListRow {
	id: string;
	type: string;
	status: JobStatus;
	botId: string | null;
	botHandle: string | null;
	attempts: number;
	maxAttempts: number;
	runAt: Date;
	createdAt: Date;
	startedAt: Date | null;
	finishedAt: Date | null;
	lastError: string | null;
	waitReason: string | null;
}

export interface JobListPage {
	rows: JobListRow[];
	/** Cursors of the neighbouring pages, null at either end. */
	next: { id: string; direction: 'after' } | null;
	previous: { id: string; direction: 'before' } | null;
	total: { count: number; estimated: boolean };
	pageSize: number;
	sort: JobSort;
}

/**
 * One page of jobs matching a filter. The filter runs on `jobs` alone and walks the primary key
 * in order (or a partial index when the filter allows: pending jobs, jobs with an error); only
 * the page's rows are joined to their bot.
 */
export async function listJobs(q: Queryable, input: JobListInput = {}): Promise<JobListPage> {
	const { filter, pageSize, sort, cursor } = jobListInputSchema.parse(input);
	const { where, params } = filterSql(filter);
	const desc = sort === 'created-desc';
	// Going back a page walks the other way from the cursor, then the rows are put in order again.
	const backwards = cursor?.direction === 'before';
	const walkDesc = backwards ? !desc : desc;
	const dir = walkDesc ? 'DESC' : 'ASC';
	const values = cursor ? [...params, cursor.id] : [...params];
	const keyset = cursor ? ` AND id ${walkDesc ? '<' : '>'} $${values.length}::uuid` : '';
	values.push(pageSize + 1);
	const limit = `$${values.length}`;
	// Three branches, each cheap on its own index, merged into the page; none ever reads all of
	// history. Finished jobs walk the primary key (or the partial type index of finished jobs) in
	// id order and stop after a page. Pending jobs are few and sit at one end of the id order, so
	// walking the primary key for them could read everything: they are taken whole from their own
	// partial indexes instead (claimable: jobs_claim_idx, running: jobs_running_lease_idx), behind
	// an OFFSET 0 fence that keeps the planner from trying the primary key for them, then sorted.
	const wanted = filter.status?.length ? filter.status : null;
	const wants = (...statuses: string[]) => !wanted || wanted.some((st) => statuses.includes(st));
	const branches: string[] = [];
	if (wants('SUCCEEDED', 'FAILED', 'CANCELLED')) {
		branches.push(`(SELECT ${COLUMNS} FROM jobs WHERE ${where} AND "finishedAt" IS NOT NULL AND status IN ('SUCCEEDED', 'FAILED', 'CANCELLED')${keyset} ORDER BY id ${dir} LIMIT ${limit})`);
	}
	if (wants('QUEUED', 'RETRY')) {
		branches.push(`(SELECT * FROM (SELECT ${COLUMNS} FROM jobs WHERE ${where} AND status IN ('QUEUED', 'RETRY')${keyset} OFFSET 0) p ORDER BY id ${dir} LIMIT ${limit})`);
	}
	if (wants('RUNNING')) {
		branches.push(`(SELECT * FROM (SELECT ${COLUMNS} FROM jobs WHERE ${where} AND status = 'RUNNING'${keyset} OFFSET 0) r ORDER BY id ${dir} LIMIT ${limit})`);
	}
	const [page, total] = await Promise.all([
		q.query<JobListRow>(
			`WITH page AS (SELECT * FROM (${branches.join(' UNION ALL ')}) b ORDER BY id ${dir} LIMIT ${limit})
			 SELECT page.*, bot.handle AS "botHandle" FROM page LEFT JOIN bots bot ON bot.id = page."botId" ORDER BY page.id ${dir}`,
			values
		),
		countJobs(q, where, params)
	]);
	const more = page.rows.length > pageSize;
	let rows = page.rows.slice(0, pageSize);
	if (backwards) rows = rows.reverse();
	const first = rows[0];
	const last = rows.at(-1);
	// Forwards: more rows beyond this page mean a next page; a cursor means a previous one.
	// Backwards: the other way round.
	const hasNext = backwards ? cursor !== undefined : more;
	const hasPrevious = backwards ? more : cursor !== undefined;
	return {
		rows,
		next: hasNext && last ? { id: last.id, direction: 'after' } : null,
		previous: hasPrevious && first ? { id: first.id, direction: 'before' } : null,
		total,
		pageSize,
		sort
	};
}

/**
 * The number of matching jobs: exact when counting is cheap (the planner expects to read little to
 * count up to COUNT_EXACT_LIMIT), else the planner's estimate, flagged `estimated`.
 */
async function countJobs(q: Queryable, where: string, params: unknown[]): Promise<{ count: number; estimated: boolean }> {
	type Plan = { 'QUERY PLAN': [{ Plan: { 'Plan Rows': number; 'Total Cost': number } }] };
	const exact = `SELECT count(*)::int AS n FROM (SELECT 1 FROM jobs WHERE ${where} LIMIT ${COUNT_EXACT_LIMIT + 1}) t`;
	const [cost, estimate] = await Promise.all([
		q.query<Plan>(`EXPLAIN (FORMAT JSON) ${exact}`, params),
		q.query<Plan>(`EXPLAIN (FORMAT JSON) SELECT 1 FROM jobs WHERE ${where}`, params)
	]);
	const rows = Math.round(estimate.rows[0]['QUERY PLAN'][0].Plan['Plan Rows']);
	if (cost.rows[0]['QUERY PLAN'][0].Plan['Total Cost'] <= COUNT_COST_LIMIT) {
		const { rows: counted } = await q.query<{ n: number }>(exact, params);
		if (counted[0].n <= COUNT_EXACT_LIMIT) return { count: counted[0].n, estimated: false };
		return { count: Math.max(rows, COUNT_EXACT_LIMIT + 1), estimated: true };
	}
	return { count: Math.max(rows, 1), estimated: true };
}

/** Bots that have jobs, for the list's bot filter (at most 1,000, by handle). */
export async function listJobBots(q: Queryable): Promise<{ id: string; handle: string }[]> {
	const { rows } = await q.query<{ id: string; handle: string }>(
		`SELECT b.id, b.handle FROM bots b WHERE EXISTS (SELECT 1 FROM jobs j WHERE j."botId" = b.id) ORDER BY b.handle LIMIT 1000`
	);
	return rows;
}
