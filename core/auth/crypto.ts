import { createHash, createHmac, randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: object,
) => Promise<Buffer>;

// OWASP's scrypt minimum (N=2^17, r=8, p=1) needs 128 MiB; N=2^15 keeps Lambda memory at 128 MB workable
// while still costing ~50 ms a guess. The parameters travel with the hash, so they can be raised later.
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEYLEN = 32;

export const randomToken = (bytes = 32): string => randomBytes(bytes).toString("base64url");
export const sha256 = (value: string): string => createHash("sha256").update(value).digest("base64url");
export const hmac = (secret: string, value: string): string =>
  createHmac("sha256", secret).update(value).digest("base64url");
/** Lower-case hex, for places that may change letter case (the local part of an address). */
export const hmacHex = (secret: string, value: string): string =>
  createHmac("sha256", secret).update(value).digest("hex");

/**
 * The desk secret a signature is checked against: the current one, or every one the desk still accepts (the
 * current first, then those being rotated out; see `config().secrets`). Signing always uses the current one.
 */
export type Secrets = string | readonly string[];
/** Whether `matches` holds for one of the secrets (rotation: a link signed with the previous one still works). */
export const withAnySecret = (secrets: Secrets, matches: (secret: string) => boolean): boolean =>
  (typeof secrets === "string" ? [secrets] : secrets).some(matches);

/** A secret's value (DeskSecret, InboundSecret): one secret, or the current one then those still accepted, separated by spaces. */
export function deskSecrets(value: string, name = "DeskSecret"): string[] {
  const secrets = value.trim().split(/\s+/);
  if (secrets.some((secret) => secret.length < 16))
    throw new Error(
      `${name} must be at least 16 characters (each one, when several are separated by spaces)`,
    );
  return secrets;
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** `scrypt$N$r$p$salt$hash`, with node:crypto. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, KEYLEN, { N, r: R, p: P, maxmem: 256 * N * R });
  return ["scrypt", N, R, P, salt.toString("base64url"), hash.toString("base64url")].join("$");
}

/**
 * A hash in `hashPassword`'s format that no password matches: random salt, random digest. Verifying against it
 * costs exactly what verifying a real hash costs (the same scrypt parameters and length), without computing a
 * scrypt hash to make it (~50 ms of CPU that every cold start of the API paid at import).
 */
export function decoyPasswordHash(): string {
  return ["scrypt", N, R, P, randomToken(16), randomToken(KEYLEN)].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const actual = await scryptAsync(password, Buffer.from(salt, "base64url"), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 256 * Number(n) * Number(r),
  });
  return timingSafeEqual(actual, expected);
}
