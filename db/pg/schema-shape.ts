import { type PgTable, getTableConfig as pgTableConfig } from 'drizzle-orm/pg-core';
import { type SQLiteTable, getTableConfig as sqliteTableConfig } from 'drizzle-orm/sqlite-core';

/**
 * A table as both dialects can describe it: what must match between db/schema.ts (SQLite) and
 * db/pg/schema.ts (PostgreSQL). Types are mapped to one vocabulary (SQLITE_TYPE_OF, PG_TYPE_OF).
 */
export type TableShape = {
  name: string;
  columns: string[];
  primaryKey: string[];
  unique: string[];
  indexes: string[];
  foreignKeys: string[];
};

/** SQLite column types to the shared vocabulary. */
const SQLITE_TYPE_OF: Record<string, string> = { integer: 'int', real: 'float', text: 'text' };
/** PostgreSQL column types to the shared vocabulary (every integer is bigint there). */
const PG_TYPE_OF: Record<string, string> = {
  bigint: 'int',
  'double precision': 'float',
  text: 'text',
};

type AnyColumn = {
  name: string;
  notNull: boolean;
  primary: boolean;
  isUnique: boolean;
  hasDefault: boolean;
  getSQLType(): string;
};
type AnyConfig = {
  name: string;
  columns: AnyColumn[];
  indexes: { config: { name: string; unique: boolean; columns: unknown[]; where?: unknown } }[];
  primaryKeys: { columns: { name: string }[] }[];
  foreignKeys: {
    reference(): { columns: { name: string }[]; foreignColumns: { name: string }[] };
    onDelete?: string | undefined;
  }[];
};

/** The shapes of SQLite tables, by table name. */
export function sqliteShapes(tables: readonly SQLiteTable[]): TableShape[] {
  return tables.map((t) => shapeOf(sqliteTableConfig(t) as unknown as AnyConfig, SQLITE_TYPE_OF));
}

/** The shapes of PostgreSQL tables, by table name. */
export function pgShapes(tables: readonly PgTable[]): TableShape[] {
  return tables.map((t) => shapeOf(pgTableConfig(t) as unknown as AnyConfig, PG_TYPE_OF));
}

function shapeOf(config: AnyConfig, typeOf: Record<string, string>): TableShape {
  const columns = config.columns.map((c) => {
    const type = typeOf[c.getSQLType()] ?? `unmapped:${c.getSQLType()}`;
    return `${c.name} ${type}${c.notNull ? ' not null' : ''}`;
  });
  const primaryKey = [
    ...config.columns.filter((c) => c.primary).map((c) => c.name),
    ...config.primaryKeys.flatMap((pk) => pk.columns.map((c) => c.name)),
  ];
  const unique = config.columns.filter((c) => c.isUnique).map((c) => c.name);
  const indexes = config.indexes.map(({ config: index }) => {
    const columns = index.columns.map((c) => (c as { name: string }).name).join(',');
    const partial = index.where === undefined ? '' : ' partial';
    return `${index.unique ? 'unique ' : ''}${index.name}(${columns})${partial}`;
  });
  const foreignKeys = config.foreignKeys.map((fk) => {
    const ref = fk.reference();
    const from = ref.columns.map((c) => c.name).join(',');
    const to = ref.foreignColumns.map((c) => c.name).join(',');
    return `${from} -> ${to} on delete ${fk.onDelete ?? 'no action'}`;
  });
  return {
    name: config.name,
    columns: columns.sort(),
    primaryKey,
    unique,
    indexes: indexes.sort(),
    foreignKeys: foreignKeys.sort(),
  };
}
