import { describe, expect, it } from "vitest";
import { deskSecrets } from "../../core/auth/crypto.ts";
import { edgeKeyOf, isEdgeKey } from "../../core/auth/edge-key.ts";
import { issueDeviceToken, knownDeviceOf } from "../../core/auth/known-device.ts";
import {
  issueFormPortalToken,
  issuePortalToken,
  issueTicketToken,
  verifyPortalToken,
  verifyTicketToken,
} from "../../core/auth/portal-token.ts";
import { issueCsatToken, verifyCsatToken } from "../../core/csat/csat.ts";
import {
  deskMessageId,
  replyToken,
  ticketOfDeskMessageId,
  ticketOfReplyToken,
} from "../../core/mail/message-id.ts";

/** Rotating the desk secret: DeskSecret = "<new> <old>" — the new one signs, both verify; a third never does. */
const NEW = "new-secret-0123456789abcdef";
const OLD = "old-secret-0123456789abcdef";
const STRANGER = "stranger-secret-0123456789";
const rotating = [NEW, OLD];
const now = new Date("2026-12-07T09:00:00Z");
const TICKET = "01JABCDEFGHJKMNPQRSTVWXYZ0";

describe("DeskSecret's value", () => {
  it("holds one secret, or the current one then those still accepted, separated by spaces", () => {
    expect(deskSecrets(NEW)).toEqual([NEW]);
    expect(deskSecrets(` ${NEW}  ${OLD}\n`)).toEqual([NEW, OLD]);
  });
  it("refuses any secret shorter than 16 characters, the second one too", () => {
    expect(() => deskSecrets("short")).toThrow(/at least 16/);
    expect(() => deskSecrets(`${NEW} short`)).toThrow(/at least 16/);
    expect(() => deskSecrets("   ")).toThrow(/at least 16/);
  });
});

describe("while a secret is rotated out, what the old one signed still works; nothing else does", () => {
  it("customers' links and the web form's key", () => {
    for (const issue of [issuePortalToken, issueFormPortalToken]) {
      expect(verifyPortalToken(issue(TICKET, now, OLD), now, rotating)).toMatchObject({
        ok: true,
        ticketId: TICKET,
      });
      expect(verifyPortalToken(issue(TICKET, now, NEW), now, rotating)).toMatchObject({
        ok: true,
        ticketId: TICKET,
      });
      expect(verifyPortalToken(issue(TICKET, now, STRANGER), now, rotating)).toEqual({
        ok: false,
        reason: "malformed",
      });
      // Once the old secret is dropped, its links end.
      expect(verifyPortalToken(issue(TICKET, now, OLD), now, [NEW])).toEqual({
        ok: false,
        reason: "malformed",
      });
    }
  });
  it("survey links and other ticket tokens", () => {
    expect(verifyCsatToken(issueCsatToken(TICKET, now, OLD), now, rotating)).toBe(TICKET);
    expect(verifyCsatToken(issueCsatToken(TICKET, now, STRANGER), now, rotating)).toBeNull();
    const token = issueTicketToken("pt1", TICKET, 30, now, OLD);
    expect(verifyTicketToken("pt1", token, now, rotating)).toEqual({ ok: true, ticketId: TICKET });
    expect(verifyTicketToken("pt1", token, now, NEW)).toEqual({ ok: false, reason: "malformed" });
  });
  it("known devices", () => {
    const device = issueDeviceToken("agent-1", "device-1", now, OLD);
    expect(knownDeviceOf(device.value, "agent-1", now, rotating)).toBe("device-1");
    expect(knownDeviceOf(device.value, "agent-1", now, [NEW])).toBeNull();
  });
  it("replies threaded by the desk's Message-IDs and plus-addresses", () => {
    const id = deskMessageId("reply", TICKET, "e1", OLD, "desk.example");
    expect(ticketOfDeskMessageId(id, rotating)).toBe(TICKET);
    expect(ticketOfDeskMessageId(id, NEW)).toBeNull();
    expect(ticketOfDeskMessageId(deskMessageId("reply", TICKET, "e1", STRANGER, "x"), rotating)).toBeNull();
    expect(ticketOfReplyToken(replyToken(TICKET, OLD), rotating)).toBe(TICKET);
    expect(ticketOfReplyToken(replyToken(TICKET, OLD), [NEW])).toBeNull();
  });
  it("the router's edge key, which CloudFront sends until its new function is deployed", () => {
    expect(isEdgeKey(edgeKeyOf(OLD), rotating)).toBe(true);
    expect(isEdgeKey(edgeKeyOf(NEW), rotating)).toBe(true);
    expect(isEdgeKey(edgeKeyOf(STRANGER), rotating)).toBe(false);
    expect(isEdgeKey(undefined, rotating)).toBe(false);
  });
});
