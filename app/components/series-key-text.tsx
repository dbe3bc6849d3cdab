/**
 * A series key as the page shows it: the metric name, then its labels (`{core="0",mode="idle"}`)
 * in a lighter style. The text is the key exactly (so it can be copied into a URL or a search),
 * broken anywhere when it does not fit.
 */
export function SeriesKeyText({ seriesKey }: { seriesKey: string }) {
  const brace = seriesKey.indexOf('{');
  if (brace === -1) return <>{seriesKey}</>;
  return (
    <>
      {seriesKey.slice(0, brace)}
      <span className="series-key-labels">{seriesKey.slice(brace)}</span>
    </>
  );
}
