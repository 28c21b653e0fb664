import type { FieldIssue } from "../../../core/error.ts";
/** The app's one door to the API: same origin, session cookie, CSRF header on writes, errors as ApiError. */
export class ApiError extends Error {
  override name = "ApiError";
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string>;
  /** What the refusal concerns (the API's `params`, e.g. `addresses`), for the catalogue to word it. */
  readonly params: Record<string, unknown>;
  /** Each refused field's kind of refusal (the API's `fieldIssues`), for the catalogue to word it. */
  readonly fieldIssues: Record<string, FieldIssue>;
  constructor(
    status: number,
    code: string,
    message: string,
    fields: Record<string, string> = {},
    params: Record<string, unknown> = {},
    fieldIssues: Record<string, FieldIssue> = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.params = params;
    this.fieldIssues = fieldIssues;
  }
}

let csrfToken = "";
export const setCsrf = (token: string) => {
  csrfToken = token;
};

/** Called when the session ends (401): the shell sends the agent to sign in, then back. */
let onUnauthorized: () => void = () => {};
export const whenUnauthorized = (handler: () => void) => {
  onUnauthorized = handler;
};

export interface Answer<T> {
  status: number;
  data: T;
  etag: string | null;
}

export async function api<T>(
  path: string,
  options: {
    method?: string;
    body?: unknown;
    ifMatch?: string;
    ifNoneMatch?: string;
    idempotencyKey?: string;
    /** The request outlives the page (sent as the agent leaves: an undoable action carried out). */
    keepalive?: boolean;
  } = {},
): Promise<Answer<T>> {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET") headers["x-csrf-token"] = csrfToken;
  if (options.ifMatch) headers["if-match"] = options.ifMatch;
  if (options.ifNoneMatch) headers["if-none-match"] = options.ifNoneMatch;
  if (options.idempotencyKey) headers["idempotency-key"] = options.idempotencyKey;
  const response = await fetch(`/api${path}`, {
    method,
    headers,
    credentials: "same-origin",
    keepalive: options.keepalive,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const etag = response.headers.get("etag");
  if (response.status === 304) return { status: 304, data: undefined as T, etag };
  const data = response.status === 204 ? undefined : await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = (
      data as {
        error?: {
          code: string;
          message: string;
          fields?: Record<string, string>;
          fieldIssues?: Record<string, FieldIssue>;
          params?: Record<string, unknown>;
        };
      }
    )?.error;
    if (response.status === 401 && !path.startsWith("/auth/")) onUnauthorized();
    throw new ApiError(
      response.status,
      error?.code ?? "error",
      error?.message ?? response.statusText,
      error?.fields,
      error?.params,
      error?.fieldIssues,
    );
  }
  return { status: response.status, data: data as T, etag };
}

/**
 * Whether a change decided on `seen` may be applied to `latest`: none of the fields it changes moved in between
 * (what else moved — triage, an acknowledgement, another field — does not touch the agent's decision).
 */
export const untouched = (patch: Record<string, unknown>, seen: object, latest: object) =>
  Object.keys(patch).every(
    (field) => (seen as Record<string, unknown>)[field] === (latest as Record<string, unknown>)[field],
  );
