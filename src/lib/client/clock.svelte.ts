// One clock behind every relative time on the page ("3 minutes ago", "in 2 hours").
//
// Two things made relative times run into the future ("Updated in 5 seconds"): each component
// kept its own `now`, refreshed every 15–30 s, so data fetched after the last refresh was newer
// than the clock that labelled it; and timestamps come from the server's clock, which may be
// ahead of the browser's. So `clock.now` is read live (Date.now() at the moment a label is
// computed, never a stored value) and corrected by the server's offset, sampled from every load
// and every poll that stamps its data; a tick every second only makes the labels count on.
import { browser } from '$app/environment';

class Clock {
	#tick = $state(0);
	#local = $state(false);
	/** Server time − browser time, ms: the largest of the samples (null before the first). */
	#offsetMs: number | null = null;
	#timer: ReturnType<typeof setInterval> | null = null;

	/**
	 * Now, in ms since the epoch, on the server's clock. Reading it inside a template or $derived
	 * makes that expression update every second.
	 */
	get now(): number {
		void this.#tick;
		return Date.now() + (this.#offsetMs ?? 0);
	}

	/** True once the page runs in the browser: absolute times can then use the reader's zone. */
	get local(): boolean {
		return this.#local;
	}

	/** Starts ticking (once, in the browser; the root layout calls it). Pauses while the tab is hidden. */
	start(): void {
		if (!browser || this.#local) return;
		this.#local = true;
		const schedule = () => {
			if (this.#timer) clearInterval(this.#timer);
			this.#timer = document.hidden ? null : setInterval(() => this.#tick++, 1_000);
			this.#tick++; // coming back to the tab: the labels catch up at once
		};
		document.addEventListener('visibilitychange', schedule);
		schedule();
	}

	/**
	 * Takes a time the server stamped as its "now" (a load's serverNow, a poll's generatedAt) as a
	 * sample of the server's clock. A sample is never newer than the server's clock when it arrives,
	 * only older (time in flight, a page restored from the history cache), so the largest offset
	 * seen is the best estimate and the others are ignored; one more than a day off is not a clock
	 * difference at all.
	 */
	sync(serverNow: Date | string | number): void {
		if (!browser) return;
		const offset = new Date(serverNow).getTime() - Date.now();
		if (!Number.isFinite(offset) || Math.abs(offset) > 86_400_000) return;
		if (this.#offsetMs !== null && offset <= this.#offsetMs) return;
		this.#offsetMs = offset;
		this.#tick++;
	}
}

export const clock = new Clock();
