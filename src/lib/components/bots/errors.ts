// Turns anything a tRPC call can throw into what the page shows: one sentence, plus field errors
// when the server sent zod's (or the domain's) field messages in data.zodError.
import { TRPCClientError } from '@trpc/client';

export interface Problem {
	message: string;
	/** tRPC code, e.g. NOT_FOUND, BAD_REQUEST; null for network failures. */
	code: string | null;
	fieldErrors: Record<string, string[]>;
}

interface ErrorData {
	code?: string;
	zodError?: { fieldErrors?: Record<string, string[] | undefined> } | null;
}

export function describeProblem(error: unknown): Problem {
	if (error instanceof TRPCClientError) {
		const data = (error.data ?? {}) as ErrorData;
		const fieldErrors: Record<string, string[]> = {};
		for (const [key, messages] of Object.entries(data.zodError?.fieldErrors ?? {})) if (messages?.length) fieldErrors[key] = messages;
		const code = data.code ?? null;
		if (code === null) {
			// No tRPC error body: either the request never got an answer (fetch/XHR throw a TypeError),
			// or something before tRPC refused it (e.g. a 413 from the body size limit) and said why.
			if (error.cause instanceof TypeError || !error.message) return { message: 'Could not reach the server — check your connection and try again.', code, fieldErrors };
			if (error.cause instanceof SyntaxError) return { message: 'The server sent an unexpected answer — try again in a moment.', code, fieldErrors };
			return { message: error.message, code, fieldErrors };
		}
		if (code === 'UNAUTHORIZED') return { message: 'Your session has ended — sign in again to continue.', code, fieldErrors };
		if (code === 'BAD_REQUEST' && Object.keys(fieldErrors).length > 0) {
			const n = Object.keys(fieldErrors).length;
			return { message: `Check the ${n === 1 ? 'highlighted field' : `${n} highlighted fields`}.`, code, fieldErrors };
		}
		return { message: error.message || 'Something went wrong.', code, fieldErrors };
	}
	if (error instanceof Error) return { message: error.message, code: null, fieldErrors: {} };
	return { message: 'Something went wrong.', code: null, fieldErrors: {} };
}
