import {
  canonicalLabelsJson,
  parseSeriesKey,
  type SeriesLabels,
  type SeriesListing,
} from '@/lib/protocol';

/** What an engine keeps beside a series key: its metric name and its labels. */
export type SeriesColumns = { metric: string; labels: SeriesLabels; labelsJson: string };

/**
 * The metric name and labels of a series key, for an engine creating the series. Callers give
 * valid keys (the ingest routes check them); a key that does not parse (a name written into
 * the file by another program) is kept whole as its metric, without labels.
 */
export function seriesColumnsOf(key: string): SeriesColumns {
  const parsed = parseSeriesKey(key);
  if ('problem' in parsed) return { metric: key, labels: {}, labelsJson: '{}' };
  return {
    metric: parsed.metric,
    labels: parsed.labels,
    labelsJson: canonicalLabelsJson(parsed.labels),
  };
}

/** A listing of `GET /api/series` from what an engine stores. */
export function seriesListingOf(row: {
  name: string;
  metric: string;
  labels: SeriesLabels;
  unit: string | null;
}): SeriesListing {
  const listing: SeriesListing = { key: row.name, name: row.metric, labels: row.labels };
  if (row.unit !== null) listing.unit = row.unit;
  return listing;
}

/** Labels stored as JSON, read back; `{}` when the text is not a JSON object of strings. */
export function labelsFromJson(json: string): SeriesLabels {
  try {
    const value: unknown = JSON.parse(json);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
    const labels: SeriesLabels = {};
    for (const [k, v] of Object.entries(value)) if (typeof v === 'string') labels[k] = v;
    return labels;
  } catch {
    return {};
  }
}
