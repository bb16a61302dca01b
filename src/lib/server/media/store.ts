// The one interface every media backend implements. Keys come from names.ts and are already
// validated (`<yyyy>/<mm>/<sha256>.<ext>`); a store maps them to a file or an object.

export interface MediaStore {
	/** `local` (a folder on this machine) or `s3` (a bucket every machine shares). */
	readonly kind: 'local' | 's3';
	/**
	 * Stores `bytes` under `key`. Atomic for readers: nobody ever reads a partial object.
	 * Content-addressed keys make a repeated put of the same bytes harmless.
	 */
	put(key: string, bytes: Buffer, contentType: string): Promise<void>;
	/** The bytes stored under `key`, or null when nothing is. Other failures reject. */
	get(key: string): Promise<Buffer | null>;
	/** Where `key` lives, for logs and errors: an absolute path, or `s3://bucket/prefix/key`. */
	locate(key: string): string;
}
