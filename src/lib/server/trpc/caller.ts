import type { RequestEvent } from '@sveltejs/kit';
import { createContext } from './context.ts';
import { createCaller } from './root.ts';

/** A tRPC caller for a server load or action: same procedures, auth and validation as HTTP. */
export function callerFor(event: Pick<RequestEvent, 'locals' | 'cookies' | 'url'> & Partial<Pick<RequestEvent, 'getClientAddress'>>) {
	return createCaller(createContext(event));
}
