import { ApiError } from "./api.ts";
import { t } from "./strings.ts";

/**
 * What to tell the agent about a failed call: the catalogue's words for an API error code the app knows (in the
 * agent's language), else the server's own message, else a generic "something went wrong".
 */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const known = t.apiErrors[error.code];
    if (known) return known;
    // A server fault or a proxy's page ("Bad Gateway") carries no words for the agent, nor in their language.
    if (error.status >= 500) return t.day.serverTrouble;
    return error.message || t.error;
  }
  // fetch rejects with a TypeError when the request never got an answer (the network, not the desk); each browser
  // words it its own way. Any other TypeError is a fault in the app, not the agent's connection.
  if (error instanceof TypeError && /failed to fetch|networkerror|load failed/i.test(error.message))
    return t.day.unreachable;
  return t.error;
}

/** Field errors as the server gave them, plus the whole form's message under `form`. */
export const formErrors = (error: unknown): Record<string, string> =>
  error instanceof ApiError ? { ...error.fields, form: errorText(error) } : { form: t.error };
