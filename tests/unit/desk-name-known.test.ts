import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  deskNameGeneration,
  forgetDeskNames,
  knownDeskFromNames,
  rememberDeskNames,
  rememberStoredDeskName,
} from "../../core/desk/name.ts";
import { parseMail } from "../../core/mail/parse.ts";
import type { SweepSettings } from "../../core/sla/sweep-settings.ts";

/**
 * A customer's reply quoting the desk's earlier mail by its From line alone ("From: Acme IT", as Outlook writes it
 * for a sender in the address book) is cut at that header block once an admin named the desk, as it was with the
 * deploy-time name: the desk's own words do not come back into the ticket as the customer's.
 */
const reply = (subject: string, quotedFrom: string) =>
  Buffer.from(
    [
      "From: Karl <karl@client.example>",
      "To: support@desk.localhost",
      "Message-ID: <r1@client.example>",
      `Subject: ${subject}`,
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Still broken after the restart.",
      "",
      `From: ${quotedFrom}`,
      "Date: Monday, December 7, 2026 10:00",
      "To: Karl",
      "Subject: [#7] VPN",
      "",
      "Please restart the VPN client.",
      "",
    ].join("\r\n"),
  );

beforeAll(() => {
  process.env.SST_RESOURCE_Table = JSON.stringify({ name: "unit-table" });
  process.env.SST_RESOURCE_DeskSecret = JSON.stringify({ value: "unit-secret-0123456789" });
});
afterEach(() => forgetDeskNames());

describe("the desk's earlier mail quoted under its admin-set name", () => {
  it("is cut as the deploy-time name's is", async () => {
    // As before any admin named the desk: DESK_NAME's default.
    expect((await parseMail(reply("RE: [#7] VPN", "Help desk"))).visibleText).toBe(
      "Still broken after the restart.",
    );
    rememberStoredDeskName({ name: "Acme IT", nameFr: "Assistance Acme", version: 1 }, deskNameGeneration());
    expect((await parseMail(reply("RE: [#7] VPN", "Acme IT"))).visibleText).toBe(
      "Still broken after the restart.",
    );
    expect((await parseMail(reply("RE: [#7] VPN", "Assistance Acme"))).visibleText).toBe(
      "Still broken after the restart.",
    );
  });
});

describe("the sweep's settings read, raced by a save", () => {
  it("does not keep what it read before the save", () => {
    const begun = deskNameGeneration();
    forgetDeskNames(); // an admin saved while the sweep's Query was in flight
    const settings = {
      stored: (name: string) =>
        name === "desk-name"
          ? { value: { name: "Old name", nameFr: null, version: 1 }, updatedAt: "x" }
          : undefined,
    } as unknown as SweepSettings;
    rememberDeskNames(settings, begun);
    expect(knownDeskFromNames()).toEqual([]);
    rememberDeskNames(settings, deskNameGeneration());
    expect(knownDeskFromNames()).toEqual(["Old name", "Old name"]);
  });
});
