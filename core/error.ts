/** What went wrong, in terms a caller can act on. Mapped to HTTP statuses in one place (functions/api). */
export type ErrorKind =
  | "validation"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "precondition_failed"
  | "precondition_required"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited";

/**
 * What a refusal concerns, as plain values (e.g. `addresses`), so a client can say it in its reader's language from
 * the code rather than match the English message (timeline events carry theirs the same way: `what.params`).
 */
export type ErrorParams = Record<string, string | number | string[]>;
/** A refused field's kind of refusal (see functions/api/errors.ts `fieldsAndIssuesOf`). */
export type FieldIssue = {
  code: string;
  limit?: number;
  /** False for a bound the value must pass, not reach (`.positive()`: more than 0). */
  inclusive?: boolean;
  format?: string;
  origin?: string;
};

/** The one error a user may see: a kind, a stable machine-readable code and a human message. */
export class DeskError extends Error {
  override name = "DeskError";
  readonly kind: ErrorKind;
  readonly code: string;
  readonly details: {
    fields?: Record<string, string>;
    fieldIssues?: Record<string, FieldIssue>;
    params?: ErrorParams;
    retryAfterSeconds?: number;
  };
  constructor(kind: ErrorKind, code: string, message: string, details: DeskError["details"] = {}) {
    super(message);
    this.kind = kind;
    this.code = code;
    this.details = details;
  }
}

export const notFound = (what: string) => new DeskError("not_found", "not_found", `${what} not found`);

/**
 * Whether the error or one it wraps (`cause`: ElectroDB keeps the SDK's error there) passes `test`; the chain is
 * walked a few links deep at most, since a cause may point back at itself.
 */
export function someCause(error: unknown, test: (e: { name?: unknown; code?: unknown }) => boolean): boolean {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    if (test(e as { name?: unknown; code?: unknown })) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
