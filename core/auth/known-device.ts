import { config } from "../config.ts";
import { hmac, randomToken, type Secrets, safeEqual, withAnySecret } from "./crypto.ts";

/** The cookie naming a browser where this agent signed in before; sent to `/api/auth` only. */
export const DEVICE_COOKIE = "desk_device";
/** How long a browser stays known without a sign-in (each sign-in renews it). */
export const KNOWN_DEVICE_DAYS = 90;

/**
 * A known device is a browser where an agent signed in successfully: `dv1.<agentId>.<deviceId>.<expires>.<hmac>`,
 * signed with the desk secret, nothing stored. It is no credential (the password is still checked); it only
 * lets the right password through while strangers' failures have locked the address, because a stranger
 * cannot get one without the password.
 */
export function issueDeviceToken(
  agentId: string,
  deviceId = randomToken(12),
  now = new Date(),
  secret = config().secret,
) {
  const expires = Math.floor(now.getTime() / 1000) + KNOWN_DEVICE_DAYS * 86_400;
  const payload = `dv1.${agentId}.${deviceId}.${expires}`;
  return { value: `${payload}.${hmac(secret, payload)}`, maxAgeSeconds: KNOWN_DEVICE_DAYS * 86_400 };
}

/** The device id when the cookie is genuine, unexpired and was issued to this agent; otherwise null. */
export function knownDeviceOf(
  cookie: string | undefined,
  agentId: string,
  now = new Date(),
  secrets: Secrets = config().secrets,
): string | null {
  const parts = cookie?.split(".") ?? [];
  if (parts.length !== 5 || parts[0] !== "dv1") return null;
  const [, owner, deviceId, expires, signature] = parts as [string, string, string, string, string];
  const signed = (secret: string) =>
    safeEqual(signature, hmac(secret, `dv1.${owner}.${deviceId}.${expires}`));
  if (!withAnySecret(secrets, signed)) return null;
  if (owner !== agentId || !/^\d+$/.test(expires) || Number(expires) * 1000 <= now.getTime()) return null;
  return deviceId;
}
