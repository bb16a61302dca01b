// Call the real router as a given user, the way SvelteKit loads do (createCaller), plus a
// minimal in-memory Cookies so login/logout can set and clear the session cookie.
import type { Cookies } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import type { Db } from '../../src/lib/server/db/client.ts';
import type { SessionUser } from '../../src/lib/server/auth/session.ts';
import { createCaller } from '../../src/lib/server/trpc/root.ts';

export function memoryCookies(): Cookies & { jar: Map<string, string> } {
	const jar = new Map<string, string>();
	return {
		jar,
		get: (name: string) => jar.get(name),
		getAll: () => [...jar].map(([name, value]) => ({ name, value })),
		set: (name: string, value: string) => void jar.set(name, value),
		delete: (name: string) => void jar.delete(name),
		serialize: (name: string, value: string) => `${name}=${value}`
	} as unknown as Cookies & { jar: Map<string, string> };
}

export function callerAs(db: Db, user: SessionUser | null, cookies = memoryCookies()) {
	return createCaller({ db, user, cookies, secureCookies: false });
}

export function asSessionUser(u: { id: string; email: string; name: string; role: 'ADMIN' | 'CREATOR'; status: 'ACTIVE' | 'SUSPENDED' }): SessionUser {
	return { id: u.id, email: u.email, name: u.name, role: u.role, status: u.status };
}

/** The TRPCError a call fails with (the test fails if it succeeds or throws something else). */
export async function errorOf(promise: Promise<unknown>): Promise<TRPCError> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof TRPCError) return error;
		throw error;
	}
	throw new Error('expected the call to fail');
}
