import { z } from 'zod';

// In the browser, zod's one-time JIT probe (`new Function("")`) is reported as a CSP
// `script-src` violation ('unsafe-eval' is not allowed in production), even though zod catches
// the error. Jitless parsing skips the probe; the server keeps the JIT.
if (typeof window !== 'undefined') z.config({ jitless: true });
