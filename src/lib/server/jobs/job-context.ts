// Which job the current code runs for, through every await of its handler (AsyncLocalStorage):
// a structured logger adds the job id to each line it writes, and code deep in the generation
// path can tell whom it works for without threading an argument through every call.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RunningJobInfo {
	jobId: string;
	type: string;
	attempt: number;
	workerId: string;
}

const storage = new AsyncLocalStorage<RunningJobInfo>();

/** Runs `fn` as the given job: `currentJob()` returns it anywhere below. */
export function runAsJob<T>(info: RunningJobInfo, fn: () => Promise<T>): Promise<T> {
	return storage.run(info, fn);
}

/** The job the calling code runs for, or undefined outside any job. */
export function currentJob(): RunningJobInfo | undefined {
	return storage.getStore();
}
