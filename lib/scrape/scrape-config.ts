import { z } from 'zod';
import { labelProblem, type SeriesLabels } from '@/lib/protocol';

/** Default SCRAPE_INTERVAL_MS: time between two scrapes of one target, in ms (Prometheus: 15 s). */
export const SCRAPE_INTERVAL_DEFAULT_MS = 15_000;
/** Shortest scrape interval accepted, in milliseconds. */
export const SCRAPE_INTERVAL_MIN_MS = 1000;
/** Longest scrape interval accepted, in milliseconds (1 hour). */
export const SCRAPE_INTERVAL_MAX_MS = 3_600_000;
/**
 * Default SCRAPE_TIMEOUT_MS: longest one scrape may take (connect, answer and body), in ms
 * (Prometheus: 10 s). A timeout longer than the interval is cut to the interval, so two scrapes
 * of one target never overlap.
 */
export const SCRAPE_TIMEOUT_DEFAULT_MS = 10_000;
/** Shortest scrape timeout accepted, in milliseconds. */
export const SCRAPE_TIMEOUT_MIN_MS = 100;
/** The `job` label of targets that name none (SCRAPE_JOB's default). */
export const SCRAPE_JOB_DEFAULT = 'scrape';
/** Labels a scrape sets itself; `labels` of a job may not name them. */
const RESERVED_LABELS = ['job', 'instance'];

/** One scrape job of `pulseboard.config.ts` (docs/ingest.md#prometheus-scrape). */
export type ScrapeJobConfig = {
  /** URLs of `/metrics` endpoints, `http://host:port/metrics`. */
  targets: readonly string[];
  /** The `job` label; default SCRAPE_JOB (`scrape`). */
  job?: string;
  /** Time between two scrapes of each target, in ms; default SCRAPE_INTERVAL_MS (min 1000). */
  intervalMs?: number;
  /** Longest one scrape may take, in ms; default SCRAPE_TIMEOUT_MS, at most the interval. */
  timeoutMs?: number;
  /** Extra labels on every series of these targets (not `job` or `instance`). */
  labels?: Readonly<Record<string, string>>;
};

/** The `scrape` section of `pulseboard.config.ts`: one job or several. */
export type ScrapeConfig = ScrapeJobConfig | readonly ScrapeJobConfig[];

/** The scrape settings of the environment (lib/env.ts). */
export type ScrapeEnv = {
  SCRAPE_TARGETS: readonly string[];
  SCRAPE_JOB: string;
  SCRAPE_INTERVAL_MS: number;
  SCRAPE_TIMEOUT_MS: number;
};

/** One target as scraped: where, how often, and the labels every series of it gets. */
export type ScrapeTarget = {
  url: string;
  job: string;
  /** `host:port` of the URL (the default port when it names none). */
  instance: string;
  intervalMs: number;
  timeoutMs: number;
  /** `job`, `instance` and the job's extra labels. */
  labels: SeriesLabels;
};

/** Why `url` cannot be scraped (a sentence), or undefined: `http:` and `https:` URLs without credentials. */
export function scrapeUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url.slice(0, 128)}" is not a URL (http://host:port/metrics)`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `"${url.slice(0, 128)}" must be an http: or https: URL`;
  }
  // fetch refuses them; authentication to a target is not supported.
  if (parsed.username || parsed.password) {
    return `"${parsed.host}": credentials in a scrape URL are not supported`;
  }
  return undefined;
}

const jobSchema = z.object({
  targets: z
    .array(
      z
        .string()
        .refine((u) => !scrapeUrlProblem(u), { error: (i) => scrapeUrlProblem(String(i.input)) }),
    )
    .min(1),
  job: z.string().optional(),
  intervalMs: z.number().int().min(SCRAPE_INTERVAL_MIN_MS).max(SCRAPE_INTERVAL_MAX_MS).optional(),
  timeoutMs: z.number().int().min(SCRAPE_TIMEOUT_MIN_MS).optional(),
  labels: z.record(z.string(), z.string()).optional(),
});

/**
 * Every target to scrape: SCRAPE_TARGETS as one job (SCRAPE_JOB), then the jobs of the config's
 * `scrape` section. Throws an Error naming the job and what is wrong (bad URL, label, interval,
 * the same URL twice in one job), so a bad config stops the boot.
 */
export function scrapeTargetsOf(env: ScrapeEnv, config?: ScrapeConfig): ScrapeTarget[] {
  const jobs: ScrapeJobConfig[] = [];
  if (env.SCRAPE_TARGETS.length > 0)
    jobs.push({ targets: env.SCRAPE_TARGETS, job: env.SCRAPE_JOB });
  const configured = config === undefined ? [] : Array.isArray(config) ? config : [config];
  for (const [i, raw] of (configured as readonly unknown[]).entries()) {
    const parsed = jobSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(
        `pulseboard.config.ts scrape[${i}].${issue?.path.join('.')}: ${issue?.message}`,
      );
    }
    jobs.push(parsed.data);
  }
  const seen = new Set<string>();
  return jobs.flatMap((job) => {
    const name = job.job ?? env.SCRAPE_JOB;
    const labels = jobLabels(name, job.labels ?? {});
    const intervalMs = job.intervalMs ?? env.SCRAPE_INTERVAL_MS;
    const timeoutMs = Math.min(job.timeoutMs ?? env.SCRAPE_TIMEOUT_MS, intervalMs);
    return job.targets.map((url) => {
      const problem = scrapeUrlProblem(url);
      if (problem) throw new Error(`scrape job "${name}": ${problem}`);
      if (seen.has(`${name} ${url}`)) throw new Error(`scrape job "${name}" lists ${url} twice`);
      seen.add(`${name} ${url}`);
      const instance = instanceOf(new URL(url));
      return { url, job: name, instance, intervalMs, timeoutMs, labels: { ...labels, instance } };
    });
  });
}

function jobLabels(job: string, extra: Readonly<Record<string, string>>): SeriesLabels {
  const labels: SeriesLabels = { job };
  for (const [name, value] of Object.entries(extra)) {
    if (RESERVED_LABELS.includes(name))
      throw new Error(`scrape job "${job}": label "${name}" is set by the scrape itself`);
    labels[name] = value;
  }
  for (const [name, value] of Object.entries(labels)) {
    const problem = labelProblem(name, value);
    if (problem) throw new Error(`scrape job "${job}": ${problem}`);
  }
  return labels;
}

/** `host:port` as Prometheus's `instance`, with the scheme's port when the URL names none. */
function instanceOf(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return `${url.hostname}:${port}`;
}
