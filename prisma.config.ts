// Prisma 7 reads the connection from here, not from schema.prisma. Migrations are applied
// through scripts/migrate.ts (WASM engine over adapter-pg) because the native engine cannot be
// downloaded on our machines; `prisma migrate deploy` works too wherever it can.
import { defineConfig } from 'prisma/config';

export default defineConfig({
	schema: 'prisma/schema.prisma',
	migrations: { path: 'prisma/migrations', seed: 'tsx prisma/seed.ts' },
	datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/rudo' }
});
