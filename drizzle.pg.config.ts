import { defineConfig } from 'drizzle-kit';

/** The PostgreSQL schema and its migrations (`npm run db:generate:pg`); see db/pg/schema.ts. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/pg/schema.ts',
  out: './drizzle-pg',
});
