import { createDb } from '/work/wt-agent/src/lib/server/db/client.ts';
const db = createDb('postgres://postgres@127.0.0.1:5432/postgres', { max: 2 });
const q = () => db.pool.query({ text: `SELECT 'abc'::text AS id, '\\x00010203'::bytea AS e`, rowMode: 'array', binary: true } as any);
let r = await q();
console.log('before prisma', r.rows, typeof r.rows[0][1]);
await db.prisma.$queryRawUnsafe('SELECT 1');
r = await q();
console.log('after prisma', r.rows, typeof r.rows[0][1]);
await db.close();
