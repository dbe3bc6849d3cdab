import { z } from 'zod';
import { commaList } from './env-fields';
import { labelProblem } from './protocol/series-key';
import {
  SCRAPE_INTERVAL_DEFAULT_MS,
  SCRAPE_INTERVAL_MAX_MS,
  SCRAPE_INTERVAL_MIN_MS,
  SCRAPE_JOB_DEFAULT,
  SCRAPE_TIMEOUT_DEFAULT_MS,
  SCRAPE_TIMEOUT_MIN_MS,
  scrapeUrlProblem,
} from './scrape/scrape-config';

/** The Prometheus scrape's settings (docs/ingest.md#prometheus-scrape). */
export const scrapeEnvSchema = z.object({
  /**
   * Prometheus `/metrics` endpoints to scrape, comma separated (`http://127.0.0.1:9100/metrics`);
   * more jobs in the `scrape` section of pulseboard.config.ts (docs/ingest.md#prometheus-scrape).
   */
  SCRAPE_TARGETS: commaList.superRefine((urls, ctx) => {
    for (const url of urls) {
      const problem = scrapeUrlProblem(url);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }
  }),
  /** The `job` label of the SCRAPE_TARGETS series (default `scrape`). */
  SCRAPE_JOB: z
    .string()
    .trim()
    .default(SCRAPE_JOB_DEFAULT)
    .superRefine((job, ctx) => {
      const problem = labelProblem('job', job);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  /** Time between two scrapes of one target, in milliseconds (default 15000, at least 1000). */
  SCRAPE_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(SCRAPE_INTERVAL_MIN_MS)
    .max(SCRAPE_INTERVAL_MAX_MS)
    .default(SCRAPE_INTERVAL_DEFAULT_MS),
  /**
   * Longest one scrape may take (connect, answer, body), in milliseconds (default 10000, at
   * least 100); cut to the interval when longer. A target that takes longer gets `up` 0.
   */
  SCRAPE_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(SCRAPE_TIMEOUT_MIN_MS)
    .max(SCRAPE_INTERVAL_MAX_MS)
    .default(SCRAPE_TIMEOUT_DEFAULT_MS),
});
