'use client';

/**
 * The line under the toolbar when the board leaves series out: how many it shows of how many
 * are known, and where the others are (the "Unplaced series" drawer and the series picker). Says so too when the stream's
 * snapshot did not even list every series (the picker then searches the server).
 */
export function BoardSummary({
  shown,
  hidden,
  omitted,
}: {
  /** Series with a widget on the board. */
  shown: number;
  /** Known series without one (those the snapshot left out included). */
  hidden: number;
  /** Series the snapshot left out. */
  omitted: number;
}) {
  if (hidden <= 0) return null;
  const count = (n: number) => n.toLocaleString('en-US');
  return (
    <p className="board-summary" data-testid="board-summary" data-hidden={hidden}>
      Showing {count(shown)} of {count(shown + hidden)} series.{' '}
      <strong>{count(hidden)} more series</strong> are not on this board — add them from “Unplaced
      series” or with “Find a series”.
      {omitted > 0
        ? ` The live stream listed ${count(shown + hidden - omitted)} of them; searching asks the server for the rest.`
        : ''}
    </p>
  );
}
