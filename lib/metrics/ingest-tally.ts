/**
 * The ingest protocols counted on `/metrics`: Pulseboard's JSON, the InfluxDB line protocol,
 * the Prometheus scrape (samples only: a scrape is not a request) and OTLP/HTTP (whose refused
 * count is of data points, its accepted count of samples stored).
 */
export type IngestProtocol = 'json' | 'line' | 'scrape' | 'otlp';

const PROTOCOLS: readonly IngestProtocol[] = ['json', 'line', 'scrape', 'otlp'];

/**
 * Samples accepted and refused per ingest protocol, and requests refused, since the server
 * started (`pulseboard_ingest_samples_total`, `pulseboard_ingest_requests_refused_total`).
 * Plain additions; read only when `/metrics` is scraped.
 */
export class IngestTally {
  readonly #accepted = new Map<IngestProtocol, number>();
  readonly #refused = new Map<IngestProtocol, number>();
  readonly #refusedRequests = new Map<IngestProtocol, number>();

  /** `count` samples of `protocol` were stored. */
  accept(protocol: IngestProtocol, count: number): void {
    add(this.#accepted, protocol, count);
  }

  /**
   * `count` samples of `protocol` were refused: a whole request refused (its samples, as far as
   * they could be read), or fields a write cannot store (line protocol strings).
   */
  refuse(protocol: IngestProtocol, count: number): void {
    add(this.#refused, protocol, count);
  }

  /** A request of `protocol` was refused (any 4xx or 5xx after the router's checks). */
  refuseRequest(protocol: IngestProtocol): void {
    add(this.#refusedRequests, protocol, 1);
  }

  /** Every protocol with its counts (zero included, so each series exists from the start). */
  counts(): {
    protocol: IngestProtocol;
    accepted: number;
    refused: number;
    refusedRequests: number;
  }[] {
    return PROTOCOLS.map((protocol) => ({
      protocol,
      accepted: this.#accepted.get(protocol) ?? 0,
      refused: this.#refused.get(protocol) ?? 0,
      refusedRequests: this.#refusedRequests.get(protocol) ?? 0,
    }));
  }
}

function add(map: Map<IngestProtocol, number>, protocol: IngestProtocol, count: number): void {
  map.set(protocol, (map.get(protocol) ?? 0) + count);
}
