import type { FieldIssue } from "../../../core/error.ts";
import { shownAddress } from "./address.ts";
import { ApiError } from "./api.ts";
import { t } from "./strings.ts";

/** An error's params as the catalogue's sentences use them: addresses as people read them (domains in Unicode). */
export interface ErrorWords {
  addresses: string;
}
const wordsOf = (params: Record<string, unknown>): ErrorWords => ({
  addresses: Array.isArray(params.addresses) ? params.addresses.map(String).map(shownAddress).join(", ") : "",
});

/** The catalogue's words for an API error code, filled with what the error names; undefined for a code it lacks. */
function codeWords(error: ApiError): string | undefined {
  const known = Object.hasOwn(t.apiErrors, error.code) ? t.apiErrors[error.code] : undefined;
  return typeof known === "function" ? known(wordsOf(error.params)) : known;
}

/** The server's English words for a refused field, said in the agent's language when the app knows them. */
const serverWords = (message: string): string | undefined =>
  Object.hasOwn(t.fieldErrors.messages, message) ? t.fieldErrors.messages[message] : undefined;

/** The catalogue's words for a kind of refusal (zod's issue code and its limit), or undefined for one it lacks. */
function issueWords(issue: FieldIssue | undefined): string | undefined {
  const say = t.fieldErrors.issues;
  const kind = issue?.origin === "array" || issue?.origin === "set" ? "items" : issue?.origin;
  switch (issue?.code) {
    case "too_small":
      if (issue.limit === undefined) return undefined;
      if (issue.inclusive === false) return say.moreThan(issue.limit);
      return kind === "string" && issue.limit <= 1 ? say.required : say.atLeast(issue.limit, kind);
    case "too_big":
      if (issue.limit === undefined) return undefined;
      return issue.inclusive === false ? say.lessThan(issue.limit) : say.atMost(issue.limit, kind);
    case "invalid_format":
      // A pattern's own words (the server's message) say more than "not in the expected form".
      return issue.format === "email" ? say.email : undefined;
    case "invalid_type":
      return issue.format === "safeint" ? say.wholeNumber : say.type;
    case "invalid_value":
      return say.choice;
    default:
      return undefined;
  }
}

/**
 * What is wrong with one refused field, in the agent's language: the catalogue's words for the server's own
 * (specific) message, else for its kind of refusal, else the server's English message.
 */
export const fieldText = (error: ApiError, name: string): string =>
  serverWords(error.fields[name] ?? "") ?? issueWords(error.fieldIssues[name]) ?? error.fields[name] ?? "";

/**
 * What to tell the agent about a failed call: the catalogue's words for an API error code the app knows (in the
 * agent's language), else its words for a field the server refused, else the server's own message, else a generic
 * "something went wrong".
 */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const known = codeWords(error);
    if (known) return known;
    // A server fault or a proxy's page ("Bad Gateway") carries no words for the agent, nor in their language.
    if (error.status >= 500) return t.day.serverTrouble;
    const field = Object.keys(error.fields)[0];
    return (field && fieldText(error, field)) || serverWords(error.message) || error.message || t.error;
  }
  // fetch rejects with a TypeError when the request never got an answer (the network, not the desk); each browser
  // words it its own way. Any other TypeError is a fault in the app, not the agent's connection.
  if (error instanceof TypeError && /failed to fetch|networkerror|load failed/i.test(error.message))
    return t.day.unreachable;
  return t.error;
}

/** Field errors as the server gave them, plus the whole form's message under `form`. */
export const formErrors = (error: unknown): Record<string, string> =>
  error instanceof ApiError
    ? {
        ...Object.fromEntries(Object.keys(error.fields).map((name) => [name, fieldText(error, name)])),
        form: errorText(error),
      }
    : { form: t.error };
