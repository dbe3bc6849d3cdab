/** First host number of the 127.0.0.N source addresses (127.0.0.1 is left to everything else). */
const FIRST_HOST = 2;
/** Last usable host number. */
const LAST_HOST = 254;

let next = FIRST_HOST;

/**
 * A loopback source address not used by an earlier scenario of this run. Each address has its
 * own 28k ephemeral ports, so closed connections in TIME_WAIT never starve a later scenario.
 */
export function nextSourceAddress(): string {
  const host = next;
  next = next >= LAST_HOST ? FIRST_HOST : next + 1;
  return `127.0.0.${host}`;
}
