/**
 * Merge header sets case-insensitively; a later source wins. Names come out lower-cased, so callers can
 * read `merged["authorization"]` without guessing the casing a model definition used.
 *
 * An `undefined` value (possible from JSON config at run time) is skipped, so it never unsets anything.
 * An empty string removes the header: that is how a user drops a default header via models.json
 * (`"headers": {"x-stainless-os": ""}`).
 */
export function mergeHeaders(...sources: (Record<string, string> | undefined)[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const source of sources) {
    if (!source) continue;
    for (const [name, value] of Object.entries(source)) {
      if (value === undefined) continue;
      const key = name.toLowerCase();
      if (value === "") delete out[key];
      else out[key] = value;
    }
  }
  return out;
}

/** undici's response headers (arrays for repeated names) as one string per lower-cased name. */
export function flattenHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

const REQUEST_ID_HEADERS = ["x-request-id", "request-id", "x-amzn-requestid", "cf-ray"];

/** The provider's id for a request, from the first of the usual headers present (lower-cased names). */
export function requestIdFrom(headers: Record<string, string> | undefined): string | undefined {
  if (!headers) return undefined;
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers[name];
    if (value) return value;
  }
  return undefined;
}
