// s3rver (a local S3-compatible server for tests) ships no types: the part the tests use.
declare module 's3rver' {
	interface S3rverOptions {
		address?: string;
		port?: number;
		silent?: boolean;
		directory: string;
		resetOnClose?: boolean;
		allowMismatchedSignatures?: boolean;
		vhostBuckets?: boolean;
		configureBuckets?: { name: string; configs?: (string | Buffer)[] }[];
	}
	export default class S3rver {
		constructor(options: S3rverOptions);
		/** Listens; resolves with the bound address and port. */
		run(): Promise<{ address: string; port: number; family: string }>;
		close(): Promise<void>;
	}
}
