/**
 * The isomorphic wire protocol shared by the server and the browser: no `node:` imports,
 * no React, no database. This is the one barrel module in the project.
 */
export * from './alerts';
export * from './boards';
export * from './chat-frames';
export * from './chat-history-answer';
export * from './chat-key';
export * from './chat-name';
export * from './chat-rooms';
export * from './close-codes';
export * from './describe-issue';
export * from './display-text';
export * from './ingest-body';
export * from './ingest-rules';
export * from './layout';
export * from './layout-history';
export * from './limits';
export * from './range-answer';
export * from './range-limits';
export * from './sample-timestamps';
export * from './series-answer';
export * from './series-key';
export * from './series-key-parse';
export * from './shutdown-retry';
export * from './stream-events';
export * from './widget-id';
export * from './widget-span';
