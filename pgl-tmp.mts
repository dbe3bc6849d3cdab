import { PGlite, types } from '@electric-sql/pglite';
const t0 = Date.now();
const db = await PGlite.create({ parsers: { [types.INT8]: (v: string) => Number(v) } });
console.log('create ms', Date.now() - t0);
const r = await db.query('SELECT 1::bigint AS a, count(*) AS n FROM pg_class');
console.log(r);
const t1 = Date.now();
const c = await db.clone();
console.log('clone ms', Date.now() - t1, (await c.query('select pg_try_advisory_xact_lock(1) as l')).rows);
