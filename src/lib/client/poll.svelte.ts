// Refresh something every few seconds while the tab is visible, and at once when it becomes
// visible again. Call from a component's script (it registers its own cleanup with $effect).
import { describeError } from './errors.ts';
import { isUnauthorized, session } from './session.svelte.ts';

export class Poll {
	/** Why the last refresh failed; cleared by the next success. Shown inline, not as a toast:
	 * a flaky connection would otherwise stack up one toast per tick. */
	error = $state<string | null>(null);
	refreshing = $state(false);

	constructor(refresh: () => Promise<void>, intervalMs: number) {
		const tick = async () => {
			// A session that ended is said once, by the shell's banner; polling stops until sign-in.
			if (document.hidden || this.refreshing || session.ended) return;
			this.refreshing = true;
			try {
				await refresh();
				this.error = null;
			} catch (error) {
				this.error = isUnauthorized(error) ? null : describeError(error).message;
			} finally {
				this.refreshing = false;
			}
		};
		$effect(() => {
			const timer = setInterval(tick, intervalMs);
			const onVisible = () => void (document.hidden || tick());
			document.addEventListener('visibilitychange', onVisible);
			return () => {
				clearInterval(timer);
				document.removeEventListener('visibilitychange', onVisible);
			};
		});
	}
}
