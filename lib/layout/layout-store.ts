/**
 * The layout store's interface lives with the other stores (lib/store/layout-store.ts) and its
 * SQLite engine in lib/store/sqlite/. This name stays for modules that still import it.
 */
export type { LayoutStore as SqliteLayoutStore } from '@/lib/store/layout-store';
