import pg from 'pg';
const c = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
await c.connect();
const r = await c.query({ text: `SELECT 'abc'::text AS id, '\\x00010203'::bytea AS e`, rowMode: 'array', binary: true } as any);
console.log(r.rows, typeof r.rows[0][1], r.rows[0][1]?.constructor?.name);
await c.end();
