// A button-triggered async call with its pending state and last result, reporting failures
// through the one error handler. Pages hold one per action instead of hand-rolling flags.
import { reportError } from './errors.ts';

export class AsyncAction<Args extends unknown[], Result> {
	pending = $state(false);
	result = $state<Result | null>(null);
	#run: (...args: Args) => Promise<Result>;
	#context: string;

	constructor(context: string, run: (...args: Args) => Promise<Result>) {
		this.#context = context;
		this.#run = run;
	}

	/** Resolves to the result, or undefined when it failed (already reported) or was already running. */
	async run(...args: Args): Promise<Result | undefined> {
		if (this.pending) return undefined;
		this.pending = true;
		try {
			const result = await this.#run(...args);
			this.result = result;
			return result;
		} catch (error) {
			reportError(error, this.#context);
			return undefined;
		} finally {
			this.pending = false;
		}
	}
}
