import { bigint, pgTable, text } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import * as sqliteSchema from '@/db/schema';
import * as pgSchema from './schema';
import { pgShapes, sqliteShapes, type TableShape } from './schema-shape';

const byName = (a: TableShape, b: TableShape) => a.name.localeCompare(b.name);

/** Every table the module exports (drizzle tables carry a config symbol; types do not). */
function tablesOf<T>(module: Record<string, unknown>): T[] {
  return Object.values(module).filter(
    (value) => typeof value === 'object' && value !== null && Symbol.for('drizzle:Name') in value,
  ) as T[];
}

describe('the PostgreSQL schema (db/pg/schema.ts)', () => {
  it('has the tables, columns, mapped types, nullability, keys and indexes of the SQLite one', () => {
    const sqlite = sqliteShapes(tablesOf(sqliteSchema)).sort(byName);
    const pg = pgShapes(tablesOf(pgSchema))
      .filter((t) => !(t.name in pgSchema.PG_ONLY_TABLES))
      .sort(byName);
    expect(pg.map((t) => t.name)).toEqual(sqlite.map((t) => t.name));
    for (const [i, table] of sqlite.entries()) expect(pg[i]).toEqual(table);
  });

  it('holds every table of the SQLite schema (not an empty comparison)', () => {
    expect(tablesOf(sqliteSchema).length).toBe(11);
  });

  it('sees a column that differs in type or nullability', () => {
    const [sqliteVersion] = sqliteShapes([sqliteSchema.sessionRevocationVersion]);
    const drifted = pgTable('session_revocation_version', {
      id: bigint('id', { mode: 'number' }).primaryKey(),
      version: text('version'),
    });
    expect(pgShapes([drifted])[0]).not.toEqual(sqliteVersion);
  });
});
