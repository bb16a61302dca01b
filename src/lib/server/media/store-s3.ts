// Media in an S3-compatible bucket (AWS S3, Cloudflare R2, MinIO, Ceph, s3rver in tests) through
// the official `@aws-sdk/client-s3`. With it, web servers and workers on different machines share
// only PostgreSQL and the bucket: a worker writes the object, any web server reads it back.
// The bucket stays private; browsers get media only through the /media route, which checks who
// is asking (access.ts), exactly as with the local store.
import type { S3Client } from '@aws-sdk/client-s3';
import { MediaError } from './names.ts';
import type { MediaStore } from './store.ts';

export interface S3MediaStoreOptions {
	bucket: string;
	/** Prepended to every key, e.g. `media/` (empty: keys at the bucket's root). */
	prefix?: string;
	/** Defaults to `us-east-1` (what S3-compatible servers that ignore regions expect). */
	region?: string;
	/** A non-AWS server's URL, e.g. `http://127.0.0.1:4568`; unset for AWS S3. */
	endpoint?: string;
	/** Path-style URLs (`endpoint/bucket/key`), which most self-hosted servers need. */
	forcePathStyle?: boolean;
	/** Credentials; unset, the SDK's default chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, profiles, instance roles). */
	credentials?: { accessKeyId: string; secretAccessKey: string };
}

type SdkModule = typeof import('@aws-sdk/client-s3');

// The SDK is loaded on first use, so processes on the local store never pay for importing it.
let sdk: Promise<SdkModule> | undefined;
const loadSdk = () => (sdk ??= import('@aws-sdk/client-s3'));

export class S3MediaStore implements MediaStore {
	readonly kind = 's3' as const;
	readonly bucket: string;
	readonly prefix: string;
	private client: Promise<S3Client> | undefined;

	constructor(private readonly options: S3MediaStoreOptions) {
		this.bucket = options.bucket;
		this.prefix = options.prefix ?? '';
	}

	private s3(): Promise<S3Client> {
		return (this.client ??= loadSdk().then(
			({ S3Client }) =>
				new S3Client({
					region: this.options.region ?? 'us-east-1',
					endpoint: this.options.endpoint,
					forcePathStyle: this.options.forcePathStyle ?? false,
					credentials: this.options.credentials,
					// Checksums only where S3 requires them: several S3-compatible servers reject
					// or mangle the CRC32 trailers the SDK would otherwise add to every upload.
					requestChecksumCalculation: 'WHEN_REQUIRED',
					responseChecksumValidation: 'WHEN_REQUIRED',
					// A stuck bucket must not hold a request or a job forever; the SDK retries
					// throttling and 5xx answers (3 attempts) within these bounds.
					requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 }
				})
		));
	}

	objectKey(key: string): string {
		return `${this.prefix}${key}`;
	}

	locate(key: string): string {
		return `s3://${this.bucket}/${this.objectKey(key)}`;
	}

	async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
		const [{ PutObjectCommand }, client] = await Promise.all([loadSdk(), this.s3()]);
		try {
			await client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Body: bytes, ContentType: contentType, ContentLength: bytes.length }));
		} catch (error) {
			throw new MediaError(`Could not store ${this.locate(key)}: ${describe(error)}`, { cause: error });
		}
	}

	async get(key: string): Promise<Buffer | null> {
		const [{ GetObjectCommand }, client] = await Promise.all([loadSdk(), this.s3()]);
		try {
			const object = await client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
			if (!object.Body) return null;
			return Buffer.from(await object.Body.transformToByteArray());
		} catch (error) {
			if (isNotFound(error)) return null;
			throw new MediaError(`Could not read ${this.locate(key)}: ${describe(error)}`, { cause: error });
		}
	}
}

function isNotFound(error: unknown): boolean {
	const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
	return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

function describe(error: unknown): string {
	const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
	const status = e?.$metadata?.httpStatusCode;
	return `${e?.name ?? 'Error'}${status ? ` (HTTP ${status})` : ''}: ${e?.message ?? String(error)}`;
}
