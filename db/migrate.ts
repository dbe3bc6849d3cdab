/** `npm run db:migrate`: applies the committed migrations to DATABASE_PATH and exits. */
import { openDatabase } from '@/lib/store/sqlite/open-database';

const databasePath = process.env.DATABASE_PATH ?? 'data/pulseboard.db';
const db = openDatabase(databasePath);
db.$client.close();
console.log(`migrations applied to ${databasePath}`);
