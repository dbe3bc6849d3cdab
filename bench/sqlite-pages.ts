/**
 * The bench's one look at a server's SQLite file from outside (the ingest section's bytes per
 * sample): kept apart so that scripts/architecture.ts can allow it by name.
 */
import Database from 'better-sqlite3';
import type { PageCounts } from './ingest-figures';

/**
 * Page counts through a read-only connection of our own: in WAL mode it sees the newest
 * committed pages, in the WAL or the main file, so no checkpoint is needed and pages the WAL
 * holds twice are not counted twice.
 */
export function readPageCounts(file: string): PageCounts {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const read = (name: string) => Number(db.pragma(name, { simple: true }));
    return {
      pageCount: read('page_count'),
      freelistCount: read('freelist_count'),
      pageSize: read('page_size'),
    };
  } finally {
    db.close();
  }
}
