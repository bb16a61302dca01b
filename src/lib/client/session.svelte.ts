// What the dashboard does when the server says the session is over (any tRPC call answering
// UNAUTHORIZED: expired, signed out in another tab, revoked by an admin). Rather than each page
// saying it its own way (a toast here, "Live updates paused" there), the shell shows one banner
// with a link to sign in again and come back to the same page, and live updates stop. Nothing is
// navigated away on its own: a form being filled in stays on screen.
import { signInPath } from '../sign-in-path.ts';

class SessionState {
	ended = $state(false);

	/** Marks the session as ended (idempotent). */
	end(): void {
		this.ended = true;
	}

	/** The sign-in page, told the session ended and where to come back to. */
	signInHref(location: { pathname: string; search: string }): string {
		return signInPath(location.pathname + location.search, true);
	}
}

export const session = new SessionState();

/** True for a tRPC error whose code says the caller is not signed in. */
export function isUnauthorized(error: unknown): boolean {
	return typeof error === 'object' && error !== null && (error as { data?: { code?: unknown } | null }).data?.code === 'UNAUTHORIZED';
}
