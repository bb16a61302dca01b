// The jobs list's state lives in the URL (linkable, and the back button works). This turns a
// query string into the list's input and back. Lenient on purpose: an old or hand-edited link
// with an unknown status still opens the list, minus what it could not understand. The server
// validates the result again (jobListInputSchema).
import { JOB_STATUSES, JOB_TYPES, type JobStatusName, type JobTypeName } from '$lib/schemas/enums';
import type { JobSort } from '$lib/server/jobs/queries';
import { truncateText } from '$lib/text/safe-text';

export const JOB_SORT_OPTIONS = ['runAt-desc', 'runAt-asc'] as const satisfies readonly JobSort[];
export const JOB_PAGE_SIZE = 25;

export interface JobListFilter {
	status?: JobStatusName[];
	type?: JobTypeName[];
	botId?: string;
	errorText?: string;
}

export interface JobListQuery {
	filter: JobListFilter;
	page: number;
	sort: JobSort;
}

const pick = <T extends string>(values: string[], allowed: readonly T[]): T[] => [...new Set(values.filter((v): v is T => (allowed as readonly string[]).includes(v)))];

export function jobListQueryFromUrl(params: URLSearchParams): JobListQuery {
	const filter: JobListFilter = {};
	const status = pick(params.getAll('status'), JOB_STATUSES);
	const type = pick(params.getAll('type'), JOB_TYPES);
	const bot = params.get('bot')?.trim();
	const error = truncateText(params.get('error')?.trim() ?? '', 200) || undefined;
	if (status.length) filter.status = status;
	if (type.length) filter.type = type;
	if (bot && bot.length <= 64) filter.botId = bot;
	if (error) filter.errorText = error;
	const page = Number(params.get('page'));
	const sort = params.get('sort');
	return {
		filter,
		page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
		sort: (JOB_SORT_OPTIONS as readonly string[]).includes(sort ?? '') ? (sort as JobSort) : 'runAt-desc'
	};
}

export function jobListHref(query: JobListQuery): string {
	const params = new URLSearchParams();
	for (const s of query.filter.status ?? []) params.append('status', s);
	for (const t of query.filter.type ?? []) params.append('type', t);
	if (query.filter.botId) params.set('bot', query.filter.botId);
	if (query.filter.errorText) params.set('error', query.filter.errorText);
	if (query.sort !== 'runAt-desc') params.set('sort', query.sort);
	if (query.page > 1) params.set('page', String(query.page));
	const search = params.toString();
	return `/queue/jobs${search ? `?${search}` : ''}`;
}

export function hasFilter(filter: JobListFilter): boolean {
	return !!(filter.status?.length || filter.type?.length || filter.botId || filter.errorText);
}

/** "status FAILED or RETRY, type GENERATE_POST, bot @neon_nomad, error contains “429”". */
export function describeFilter(filter: JobListFilter, botHandle?: string | null): string {
	const parts: string[] = [];
	if (filter.status?.length) parts.push(`status ${filter.status.join(' or ')}`);
	if (filter.type?.length) parts.push(`type ${filter.type.join(' or ')}`);
	if (filter.botId) parts.push(`bot ${botHandle ? `@${botHandle}` : filter.botId}`);
	if (filter.errorText) parts.push(`error contains “${filter.errorText}”`);
	return parts.length ? parts.join(', ') : 'no filter (all jobs)';
}
