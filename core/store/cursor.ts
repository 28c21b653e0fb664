import { createHmac, timingSafeEqual } from "node:crypto";
import { config } from "../config.ts";
import { DeskError } from "../error.ts";

/**
 * Page cursors are sealed: `<payload>.<signature>`, the payload base64url JSON, the signature an HMAC of the list
 * the cursor belongs to (its scope) and the payload, keyed with the desk secret. A cursor the desk did not issue for
 * this very list — edited, forged, copied from another view or another requester's list — is refused with a 400
 * `invalid_cursor` before it reaches DynamoDB, which would otherwise answer a foreign start key with an error (500)
 * or start a Query from a position the caller chose.
 */
const PURPOSE = "cursor.v1";

const signatureOf = (scope: string, payload: string, secret = config().secret) =>
  createHmac("sha256", secret).update(`${PURPOSE}\n${scope}\n${payload}`).digest();

export const invalidCursor = () =>
  new DeskError(
    "validation",
    "invalid_cursor",
    "This cursor is not valid for this list; start from the first page",
    {
      fields: { cursor: "Not a cursor this list gave out" },
    },
  );

/** A cursor for `value` (any JSON) that only `openCursor` with the same scope accepts. */
export function sealCursor(scope: string, value: unknown): string {
  const payload = Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${payload}.${signatureOf(scope, payload).toString("base64url")}`;
}

/** What a sealed cursor holds; `undefined` without a cursor (first page); 400 `invalid_cursor` otherwise. */
export function openCursor(scope: string, cursor: string | null | undefined): unknown {
  if (!cursor) return undefined;
  const [payload, signature, ...rest] = cursor.split(".");
  if (!payload || !signature || rest.length) throw invalidCursor();
  const given = Buffer.from(signature, "base64url");
  const signed = (secret: string) => {
    const expected = signatureOf(scope, payload, secret);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  if (!config().secrets.some(signed)) throw invalidCursor();
  try {
    return JSON.parse(Buffer.from(payload, "base64url").toString());
  } catch {
    throw invalidCursor();
  }
}

/** For an ElectroDB page: its cursor sealed to `scope`, or null on the last page. */
export const sealPage = (scope: string, cursor: string | null): string | null =>
  cursor === null ? null : sealCursor(scope, cursor);

/** The ElectroDB cursor inside a sealed one (null: from the start). */
export function openPage(scope: string, cursor: string | null | undefined): string | null {
  const value = openCursor(scope, cursor);
  if (value === undefined) return null;
  if (typeof value !== "string") throw invalidCursor();
  return value;
}
