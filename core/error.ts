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

/** The one error a user may see: a kind, a stable machine-readable code and a human message. */
export class DeskError extends Error {
  override name = "DeskError";
  readonly kind: ErrorKind;
  readonly code: string;
  readonly details: { fields?: Record<string, string>; retryAfterSeconds?: number };
  constructor(kind: ErrorKind, code: string, message: string, details: DeskError["details"] = {}) {
    super(message);
    this.kind = kind;
    this.code = code;
    this.details = details;
  }
}

export const notFound = (what: string) => new DeskError("not_found", "not_found", `${what} not found`);
