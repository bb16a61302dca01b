// Job counts by status × type for the queue page.
import type { Db } from './db/client.ts';

export async function countJobsByStatusAndType(db: Db) {
	const rows = await db.prisma.job.groupBy({ by: ['status', 'type'], _count: { _all: true } });
	return rows.map((r) => ({ status: r.status, type: r.type, count: r._count._all }));
}
