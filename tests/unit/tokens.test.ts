import { describe, expect, it } from "vitest";
import { decoyPasswordHash, hashPassword, verifyPassword } from "../../core/auth/crypto.ts";
import { issueDeviceToken, knownDeviceOf } from "../../core/auth/known-device.ts";
import {
  issueFormPortalToken,
  issuePortalToken,
  issueTicketToken,
  PORTAL_TOKEN_DAYS,
  verifyPortalToken,
} from "../../core/auth/portal-token.ts";

const secret = "unit-test-secret-0123456789";

describe("portal tokens", () => {
  const now = new Date("2026-11-25T12:00:00Z");

  it("verify for the ticket they were issued for", () => {
    const token = issuePortalToken("01TICKET", now, secret);
    expect(verifyPortalToken(token, now, secret)).toEqual({
      ok: true,
      ticketId: "01TICKET",
      issuedAt: now.getTime(),
      verified: true,
    });
  });

  it("the web form's key (pf2) verifies as not proven, and its scope is signed", () => {
    const token = issueFormPortalToken("01TICKET", now, secret);
    expect(verifyPortalToken(token, now, secret)).toEqual({
      ok: true,
      ticketId: "01TICKET",
      issuedAt: now.getTime(),
      verified: false,
    });
    expect(verifyPortalToken(token.replace(/^pf2\./, "pt2."), now, secret)).toEqual({
      ok: false,
      reason: "malformed",
    });
  });

  it("accept links of the first format (pt1) for the current lifetime from when they were issued", () => {
    const issued = (at: Date) => issueTicketToken("pt1", "01TICKET", 180, at, secret);
    const recent = issued(new Date(now.getTime() - 10 * 86_400_000));
    expect(verifyPortalToken(recent, now, secret)).toMatchObject({ ok: true, ticketId: "01TICKET" });
    // Still inside its old 180 days, but older than the current lifetime.
    const old = issued(new Date(now.getTime() - (PORTAL_TOKEN_DAYS + 1) * 86_400_000));
    expect(verifyPortalToken(old, now, secret)).toEqual({ ok: false, reason: "expired" });
  });

  it("expire after their lifetime", () => {
    const token = issuePortalToken("01TICKET", now, secret);
    const later = new Date(now.getTime() + PORTAL_TOKEN_DAYS * 86_400_000 + 1000);
    expect(verifyPortalToken(token, later, secret)).toEqual({ ok: false, reason: "expired" });
  });

  it("cannot be moved to another ticket, re-dated or signed with another secret", () => {
    const token = issuePortalToken("01TICKET", now, secret);
    const [prefix, , expires, signature] = token.split(".");
    expect(verifyPortalToken([prefix, "01OTHER", expires, signature].join("."), now, secret).ok).toBe(false);
    expect(
      verifyPortalToken(
        [prefix, "01TICKET", String(Number(expires) + 999_999), signature].join("."),
        now,
        secret,
      ).ok,
    ).toBe(false);
    expect(verifyPortalToken(token, now, "another-secret-0123456789").ok).toBe(false);
    for (const junk of ["", "pt1", "pt1.a.b", "x.y.z.w", "pt1.a.notanumber.sig"]) {
      expect(verifyPortalToken(junk, now, secret)).toEqual({ ok: false, reason: "malformed" });
    }
  });
});

describe("known-device cookies", () => {
  const now = new Date("2026-11-25T12:00:00Z");

  it("name the device for the agent they were issued to only, until they expire", () => {
    const { value } = issueDeviceToken("01AGENT", "device-1", now, secret);
    expect(knownDeviceOf(value, "01AGENT", now, secret)).toBe("device-1");
    expect(knownDeviceOf(value, "01OTHER", now, secret)).toBeNull();
    expect(knownDeviceOf(value, "01AGENT", new Date(now.getTime() + 91 * 86_400_000), secret)).toBeNull();
    expect(knownDeviceOf(value, "01AGENT", now, "another-secret-0123456789")).toBeNull();
    const [prefix, , device, expires, signature] = value.split(".");
    expect(
      knownDeviceOf([prefix, "01OTHER", device, expires, signature].join("."), "01OTHER", now, secret),
    ).toBeNull();
    for (const junk of [undefined, "", "dv1", "dv1.a.b.c"])
      expect(knownDeviceOf(junk, "01AGENT", now, secret)).toBeNull();
  });
});

describe("password hashes", () => {
  it("verify the right password only, with a fresh salt each time", async () => {
    const first = await hashPassword("correct horse battery");
    const second = await hashPassword("correct horse battery");
    expect(first).toMatch(/^scrypt\$\d+\$8\$1\$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword("correct horse battery", first)).toBe(true);
    expect(await verifyPassword("correct horse batterY", first)).toBe(false);
    expect(await verifyPassword("anything", "not-a-hash")).toBe(false);
  });

  it("have a decoy that costs a real verification (same parameters and length) and matches no password", async () => {
    const real = (await hashPassword("correct horse battery")).split("$");
    const decoy = decoyPasswordHash().split("$");
    const bytes = (part: string) => Buffer.from(part, "base64url").length;

    expect(decoy.slice(0, 4)).toEqual(real.slice(0, 4));
    expect([bytes(decoy[4]!), bytes(decoy[5]!)]).toEqual([bytes(real[4]!), bytes(real[5]!)]);
    expect(decoyPasswordHash()).not.toBe(decoyPasswordHash());
    expect(await verifyPassword("correct horse battery", decoy.join("$"))).toBe(false);
  });
});
