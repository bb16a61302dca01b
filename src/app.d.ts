import type { SessionUser } from '$lib/server/auth/session';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
			/** The request carried a session cookie that no longer signs anyone in (expired, signed out elsewhere, revoked). */
			sessionEnded?: boolean;
			/** Set first thing for every request (hooks.server.ts); logged with any internal error. */
			requestId: string;
		}
		interface Error {
			message: string;
			code?: string;
			requestId?: string;
		}
	}
}

export {};
