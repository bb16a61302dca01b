// The jobs list's state lives in the URL (linkable, and the back button works). This turns a
// query string into the list's input and back. Lenient on purpose: an old or hand-edited link
// with an unknown status still opens the list, minus what it could not understand. The server
// validates the result again (jobListInputSchema).
import { JOB_STATUSES, JOB_TYPES, type JobStatusName, type JobTypeName } from '$lib/schemas/enums';
import type { JobSort } from '$lib/server/jobs/list';
import { truncateText } from '$lib/text/safe-text';

export const JOB_SORT_OPTIONS = ['created-desc', 'created-asc'] as const satisfies readonly JobSort[];
export const JOB_PAGE_SIZE = 25;

export interface JobListFilter {
	status?: JobStatusName[];
	type?: JobTypeName[];
	botId?: string;
	errorText?: string;
	/** A job id, its first characters, or the short id shown after "#". */
	id?: string;
}

export interface JobListCursor {
	id: string;
	direction: 'after' | 'before';
}

export interface JobListQuery {
	filter: JobListFilter;
	sort: JobSort;
	/** Where the page starts (keyset): after or before this job id. None: the first page. */
	cursor?: JobListCursor;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const pick = <T extends string>(values: string[], allowed: readonly T[]): T[] => [...new Set(values.filter((v): v is T => (allowed as readonly string[]).includes(v)))];

export function jobListQueryFromUrl(params: URLSearchParams): JobListQuery {
	const filter: JobListFilter = {};
	const status = pick(params.getAll('status'), JOB_STATUSES);
	const type = pick(params.getAll('type'), JOB_TYPES);
	const bot = params.get('bot')?.trim();
	const error = truncateText(params.get('error')?.trim() ?? '', 200) || undefined;
	const id = params.get('id')?.trim().toLowerCase().replace(/^#/, '');
	if (status.length) filter.status = status;
	if (type.length) filter.type = type;
	if (bot && bot.length <= 64) filter.botId = bot;
	if (error) filter.errorText = error;
	if (id && /^[0-9a-f-]{4,36}$/.test(id)) filter.id = id;
	const sort = params.get('sort');
	const after = params.get('after');
	const before = params.get('before');
	const cursor: JobListCursor | undefined = after && UUID.test(after) ? { id: after, direction: 'after' } : before && UUID.test(before) ? { id: before, direction: 'before' } : undefined;
	return {
		filter,
		sort: (JOB_SORT_OPTIONS as readonly string[]).includes(sort ?? '') ? (sort as JobSort) : 'created-desc',
		...(cursor ? { cursor } : {})
	};
}

/**
 * Why a link's page position cannot be used, or null: `?page=` numbers (the list pages by cursor
 * now; old bookmarks carry them) and `?after=` / `?before=` values that are not job ids. The list
 * then opens at its first page and says so, instead of showing "Page 99 of 2".
 */
export function unusablePosition(params: URLSearchParams): string | null {
	if (params.has('page')) return 'Page numbers are not used any more';
	const cursor = params.get('after') ?? params.get('before');
	if (cursor !== null && !UUID.test(cursor)) return 'That link’s page position is not valid';
	return null;
}

export function jobListHref(query: JobListQuery): string {
	const params = new URLSearchParams();
	for (const s of query.filter.status ?? []) params.append('status', s);
	for (const t of query.filter.type ?? []) params.append('type', t);
	if (query.filter.botId) params.set('bot', query.filter.botId);
	if (query.filter.errorText) params.set('error', query.filter.errorText);
	if (query.filter.id) params.set('id', query.filter.id);
	if (query.sort !== 'created-desc') params.set('sort', query.sort);
	if (query.cursor) params.set(query.cursor.direction, query.cursor.id);
	const search = params.toString();
	return `/queue/jobs${search ? `?${search}` : ''}`;
}

export function hasFilter(filter: JobListFilter): boolean {
	return !!(filter.status?.length || filter.type?.length || filter.botId || filter.errorText || filter.id);
}

/** "status FAILED or RETRY, type GENERATE_POST, bot @neon_nomad, error contains “429”". */
export function describeFilter(filter: JobListFilter, botHandle?: string | null): string {
	const parts: string[] = [];
	if (filter.status?.length) parts.push(`status ${filter.status.join(' or ')}`);
	if (filter.type?.length) parts.push(`type ${filter.type.join(' or ')}`);
	if (filter.botId) parts.push(`bot ${botHandle ? `@${botHandle}` : filter.botId}`);
	if (filter.errorText) parts.push(`error contains “${filter.errorText}”`);
	if (filter.id) parts.push(`id ${filter.id.length === 36 ? filter.id : `matching “${filter.id}”`}`);
	return parts.length ? parts.join(', ') : 'no filter (all jobs)';
}
