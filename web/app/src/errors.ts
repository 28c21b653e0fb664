import { ApiError } from "./api.ts";
import { t } from "./strings.ts";

/**
 * What to tell the agent about a failed call: the catalogue's words for an API error code the app knows (in the
 * agent's language), else the server's own message, else a generic "something went wrong".
 */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return t.apiErrors[error.code] ?? (error.message || t.error);
  return t.error;
}

/** Field errors as the server gave them, plus the whole form's message under `form`. */
export const formErrors = (error: unknown): Record<string, string> =>
  error instanceof ApiError ? { ...error.fields, form: errorText(error) } : { form: t.error };
