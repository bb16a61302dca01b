// A transaction on one pooled connection, for raw-SQL domain code (the queue, the scheduler).
import type pg from 'pg';
import type { Queryable } from '../jobs/types.ts';

/**
 * Runs `fn` inside BEGIN … COMMIT on a connection checked out from `pool`, and rolls back if it
 * throws (the error is rethrown). `fn` gets a Queryable bound to that connection.
 */
export async function withTransaction<T>(pool: pg.Pool, fn: (tx: Queryable) => Promise<T>): Promise<T> {
	const client = await pool.connect();
	let broken: Error | undefined;
	try {
		await client.query('BEGIN');
		const result = await fn(client as unknown as Queryable);
		await client.query('COMMIT');
		return result;
	} catch (error) {
		// A connection that cannot even roll back is discarded rather than returned to the pool.
		await client.query('ROLLBACK').catch((e: Error) => (broken = e));
		throw error;
	} finally {
		client.release(broken);
	}
}
