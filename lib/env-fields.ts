import { z } from 'zod';

/** Text that is unset when empty or blank, trimmed otherwise. */
export const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** A comma-separated list, trimmed, empty entries dropped. */
export const commaList = optionalText.transform((v) =>
  v
    ? v
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean)
    : [],
);
