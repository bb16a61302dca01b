// The one client-side error handler: every failed tRPC call in the dashboard goes through
// describeError (what to say) and reportError (say it, in the toast region), so an expired
// session, a forbidden action or a validation error reads the same on every page.
import { toasts } from './toasts.svelte.ts';
import { session } from './session.svelte.ts';

export interface ErrorDescription {
	/** tRPC error code (UNAUTHORIZED, NOT_FOUND, …), or null for network and unknown errors. */
	code: string | null;
	message: string;
	/** Field errors from the server's zod validation, keyed by input field. */
	fieldErrors: Record<string, string[]>;
}

interface TrpcLikeError {
	message: string;
	data?: { code?: string; zodError?: { formErrors?: string[]; fieldErrors?: Record<string, string[] | undefined> } | null } | null;
}

// Duck-typed rather than `instanceof TRPCClientError`: the class can exist twice in a bundle.
function isTrpcError(error: unknown): error is TrpcLikeError {
	return typeof error === 'object' && error !== null && 'message' in error && ('data' in error || 'shape' in error);
}

const BY_CODE: Record<string, string> = {
	UNAUTHORIZED: 'Your session has ended. Sign in again to continue.',
	FORBIDDEN: 'You are not allowed to do this.',
	NOT_FOUND: 'It no longer exists.',
	CONFLICT: 'Something changed meanwhile. Refresh and try again.',
	TOO_MANY_REQUESTS: 'Too many requests. Wait a moment and try again.',
	TIMEOUT: 'The server took too long to answer. Try again.',
	INTERNAL_SERVER_ERROR: 'Something went wrong on the server. Try again; if it keeps happening, check the server log.'
};

export function describeError(error: unknown): ErrorDescription {
	if (isTrpcError(error)) {
		const code = error.data?.code ?? null;
		const zod = error.data?.zodError;
		if (code === 'BAD_REQUEST' && zod) {
			const fieldErrors = Object.fromEntries(Object.entries(zod.fieldErrors ?? {}).filter((e): e is [string, string[]] => !!e[1]?.length));
			const lines = [...(zod.formErrors ?? []), ...Object.entries(fieldErrors).map(([field, messages]) => `${field}: ${messages.join(', ')}`)];
			return { code, message: lines.length ? `Invalid input. ${lines.join('; ')}` : 'Invalid input.', fieldErrors };
		}
		// Our own procedures write messages for people; keep them, and fall back per code.
		if (code && code !== 'INTERNAL_SERVER_ERROR' && error.message) return { code, message: error.message, fieldErrors: {} };
		if (code) return { code, message: BY_CODE[code] ?? error.message, fieldErrors: {} };
		// No code: the request never got an answer from tRPC (offline, server down, proxy error).
		return { code: null, message: 'Could not reach the server. Check your connection and try again.', fieldErrors: {} };
	}
	if (error instanceof TypeError) return { code: null, message: 'Could not reach the server. Check your connection and try again.', fieldErrors: {} };
	return { code: null, message: error instanceof Error && error.message ? error.message : 'Something went wrong.', fieldErrors: {} };
}

/** Show a failed action to the user. `context` says what was being done ("Retry job"). */
export function reportError(error: unknown, context: string): ErrorDescription {
	const description = describeError(error);
	// An ended session is said by the shell's banner, with the way to sign in again.
	if (description.code === 'UNAUTHORIZED') {
		session.end();
		return description;
	}
	toasts.push({ kind: 'error', title: `${context} failed`, message: description.message });
	if (!description.code || description.code === 'INTERNAL_SERVER_ERROR') console.error(`[${context}]`, error);
	return description;
}
