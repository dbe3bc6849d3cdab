/**
 * The isomorphic wire protocol shared by the server and the browser: no `node:` imports,
 * no React, no database. This is the one barrel module in the project.
 */
export * from './chat-frames';
export * from './close-codes';
export * from './layout';
export * from './limits';
export * from './shutdown-retry';
export * from './stream-events';
