// A real S3-compatible server for tests: s3rver, in this process, on a free port, with a bucket
// on a temporary folder. The official SDK talks to it over HTTP as it would to any bucket. It
// knows one access key (S3RVER / S3RVER) and refuses others with 403, but does not verify
// Signature V4 itself (its README says so): credentials are only half tested here.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

export interface TestBucket {
	endpoint: string;
	bucket: string;
	credentials: { accessKeyId: string; secretAccessKey: string };
	/** What a process needs to use this bucket as its media store. */
	env: Record<string, string>;
	client: S3Client;
	getObject(key: string): Promise<Buffer | null>;
	listKeys(): Promise<string[]>;
	stop(): Promise<void>;
}

// The SDK warns once per process that its 2027 releases will need Node 22; true, and said in the
// README, but noise in every test run on Node 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export async function startTestBucket(options: { bucket?: string; prefix?: string } = {}): Promise<TestBucket> {
	const directory = mkdtempSync(join(tmpdir(), 'rudo-s3rver-'));
	const bucket = options.bucket ?? 'rudo-media';
	const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
	const { port } = await server.run();
	const endpoint = `http://127.0.0.1:${port}`;
	const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
	const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
	return {
		endpoint,
		bucket,
		credentials,
		env: {
			MEDIA_STORE: 's3',
			MEDIA_S3_BUCKET: bucket,
			MEDIA_S3_ENDPOINT: endpoint,
			MEDIA_S3_REGION: 'us-east-1',
			...(options.prefix ? { MEDIA_S3_PREFIX: options.prefix } : {}),
			AWS_ACCESS_KEY_ID: credentials.accessKeyId,
			AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey
		},
		client,
		async getObject(key) {
			try {
				const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
				return Buffer.from(await object.Body!.transformToByteArray());
			} catch (error) {
				if ((error as { name?: string }).name === 'NoSuchKey') return null;
				throw error;
			}
		},
		async listKeys() {
			const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
			return (listed.Contents ?? []).map((o) => o.Key!).sort();
		},
		async stop() {
			client.destroy();
			await server.close();
			rmSync(directory, { recursive: true, force: true });
		}
	};
}
