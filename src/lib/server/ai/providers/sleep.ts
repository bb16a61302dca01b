/** Waits `ms`, or rejects with the signal's reason as soon as it aborts (polling, Retry-After). */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
	return new Promise<void>((resolve, reject) => {
		const timer = setTimeout(resolve, ms);
		signal?.addEventListener(
			'abort',
			() => {
				clearTimeout(timer);
				reject(signal.reason);
			},
			{ once: true }
		);
	});
}
