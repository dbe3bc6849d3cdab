import type { ConnectionStatus } from '../client/connection-status';

/** Plain words for each status, read by screen readers and shown as a tooltip. */
const DESCRIPTIONS: Record<ConnectionStatus, string> = {
  live: 'connected and up to date',
  reconnecting: 'connection lost, reconnecting',
  paused: 'paused while every tab is hidden; resumes when one is visible',
  offline: 'offline, will retry',
};

/** A labelled pill showing one channel's status; `data-status` carries it for tests and CSS. */
export function StatusIndicator({
  label,
  status,
  testId,
  note,
  idle,
}: {
  label: string;
  status: ConnectionStatus;
  testId: string;
  note?: string;
  /** Shown instead of the status, in a neutral pill (`data-status="idle"`): nothing is wrong. */
  idle?: string;
}) {
  return (
    <div className="status" role="status" title={`${label}: ${note ?? DESCRIPTIONS[status]}`}>
      <span className="status-label">{label}</span>
      <span className="status-pill" data-testid={testId} data-status={idle ? 'idle' : status}>
        {idle ?? status}
      </span>
      {note ? <span className="status-note">{note}</span> : null}
    </div>
  );
}
