import { usageError } from './cli-error';

/** Server the CLI talks to when neither `--url` nor PULSEBOARD_URL is given. */
export const DEFAULT_URL = 'http://127.0.0.1:3000';

/**
 * The server's base URL, without a trailing slash: `--url` (`option`), else PULSEBOARD_URL,
 * else DEFAULT_URL. Throws a usage CliError (exit code 2) naming where a bad one came from.
 */
export function resolveUrl(option: string | undefined, fromEnv: string | undefined): string {
  const [text, source] =
    option !== undefined
      ? [option, '--url']
      : fromEnv?.trim()
        ? [fromEnv.trim(), 'PULSEBOARD_URL']
        : [DEFAULT_URL, 'the default URL'];
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usageError(`${source} "${text}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw usageError(`${source} "${text}" must start with http:// or https://`);
  }
  if (url.search || url.hash) {
    throw usageError(`${source} "${text}" must not have a query or a fragment`);
  }
  return url.href.replace(/\/+$/, '');
}
