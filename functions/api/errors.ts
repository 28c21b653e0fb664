import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import { DeskError, type ErrorKind, type FieldIssue, someCause } from "../../core/error.ts";
import { log } from "../../core/log.ts";

const statusOf: Record<ErrorKind, ContentfulStatusCode> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  precondition_required: 428,
  rate_limited: 429,
};

/**
 * Field by field, in one pass over zod's issues (the first issue of each field, keyed by dotted path): its
 * message (`fields`), and what kind of refusal it met (`fieldIssues`), for a client to word it in its own
 * language (the messages are English): zod's issue code, the limit of a length or count, the format (`email`)
 * or the kind of value it bounds (`string`, `array`, `number`).
 */
export function fieldsAndIssuesOf(error: z.ZodError): {
  fields: Record<string, string>;
  fieldIssues: Record<string, FieldIssue>;
} {
  // No prototype: a field named `constructor` or `__proto__` is a key like any other.
  const fields: Record<string, string> = Object.create(null);
  const fieldIssues: Record<string, FieldIssue> = Object.create(null);
  for (const issue of error.issues) {
    const path = issue.path.join(".") || "body";
    if (Object.hasOwn(fields, path)) continue;
    fields[path] = issue.message;
    const { minimum, maximum, format, origin, inclusive } = issue as {
      minimum?: number | bigint;
      maximum?: number | bigint;
      format?: string;
      origin?: string;
      inclusive?: boolean;
    };
    const limit = minimum ?? maximum;
    fieldIssues[path] = {
      code: issue.code,
      ...(limit !== undefined && Number.isFinite(Number(limit)) ? { limit: Number(limit) } : {}),
      ...(inclusive === false ? { inclusive } : {}),
      ...(format ? { format } : {}),
      ...(origin ? { origin } : {}),
    };
  }
  return { fields, fieldIssues };
}

/**
 * A 400 with the fields' messages; its code is `validation`, or the code a refusal names for itself (an issue's
 * `params.code`, e.g. `unicode_local_part`: core/ticket/input.ts), so a caller can tell that refusal apart.
 */
export const validationError = (error: z.ZodError) =>
  new DeskError("validation", namedCode(error) ?? "validation", "Some fields are not valid", {
    ...fieldsAndIssuesOf(error),
  });

const namedCode = (error: z.ZodError) =>
  error.issues
    .map((issue) => (issue as { params?: { code?: unknown } }).params?.code)
    .find((code): code is string => typeof code === "string");

/** The one place errors become HTTP: `{"error": {"code", "message", "fields"?, "params"?}}`. */
export function onError(error: Error, c: Context) {
  const status =
    error instanceof DeskError ? statusOf[error.kind] : error instanceof HTTPException ? error.status : 500;
  // A 413 is answered before the body is read; the server then drops the connection rather than read the rest,
  // so say so instead of letting a keep-alive client write its next request into a closing socket.
  if (status === 413) c.header("Connection", "close");
  if (error instanceof DeskError) {
    if (error.details.retryAfterSeconds) c.header("Retry-After", String(error.details.retryAfterSeconds));
    const body = {
      code: error.code,
      message: error.message,
      ...(error.details.fields ? { fields: error.details.fields } : {}),
      ...(error.details.fieldIssues ? { fieldIssues: error.details.fieldIssues } : {}),
      ...(error.details.params ? { params: error.details.params } : {}),
    };
    return c.json({ error: body }, statusOf[error.kind]);
  }
  if (error instanceof HTTPException) {
    // Hono's validators answer 400 only for a body they cannot parse (broken JSON or form data).
    const code =
      status === 413
        ? "payload_too_large"
        : status === 415
          ? "unsupported_media_type"
          : status === 400
            ? "malformed_body"
            : "bad_request";
    return c.json(
      { error: { code, message: error.message || "Bad request" } },
      status as ContentfulStatusCode,
    );
  }
  if (isTransient(error)) {
    // Throttled or briefly unreachable (the SDK's own retries spent): nothing was decided, the same request can
    // simply be sent again — say so, rather than "something went wrong".
    log.warn("service briefly unavailable", { path: c.req.path, error: String(error) });
    c.header("Retry-After", "2");
    return c.json(
      {
        error: {
          code: "unavailable",
          message: "The desk is busy or briefly unavailable; try again in a moment",
        },
      },
      503,
    );
  }
  log.error("unhandled error", { path: c.req.path, error: String(error), stack: error.stack });
  return c.json({ error: { code: "internal", message: "Something went wrong on our side" } }, 500);
}

/** Refusals that certainly stored nothing: the service turned the request away before doing anything. */
const REFUSED_NAMES = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "TooManyRequestsException",
]);

/**
 * An AWS throttle (the SDK's retries spent) or a connection refused: nothing was written, so the same request can
 * be sent again. A timeout, a reset connection or a 5xx is not: the write may have gone through (500 stays).
 */
export const isTransient = (error: unknown): boolean =>
  someCause(error, ({ name, code }) => REFUSED_NAMES.has(String(name)) || code === "ECONNREFUSED");
