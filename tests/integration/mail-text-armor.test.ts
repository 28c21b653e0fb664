import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";
import { deliver, downloaded, firstMessageFrom } from "../support/mail.ts";

/**
 * Through POST /api/inbound/email and the InboundMail worker: a uuencoded report in a cron job's mail is a file
 * agents download, and an inline-PGP-signed mail reads as its words (core/mail/uuencoded.ts, pgp-inline.ts).
 */

let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app);
});

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "../fixtures/email/desk", name));

const filedFrom = (address: string) => firstMessageFrom(desk, agent.session, address);

describe("text armor in a plain body", () => {
  it("files a cron job's uuencoded report as a downloadable file, the body its words only", async () => {
    await deliver(desk, fixture("rw7-cron-uuencode.eml"));
    await desk.drain();
    const { path, entry } = await filedFrom("root@fs01.client.example");
    expect(entry.body).toBe("Disk space is low on fs01: 3 GB left on /srv. Report attached.");
    expect(entry.attachments).toEqual([
      expect.objectContaining({ name: "disk-report.csv", contentType: "text/csv" }),
    ]);
    const file = await downloaded(desk, agent.session, `${path}/attachments/0`);
    expect(file.status).toBe(200);
    expect(file.bytes.toString()).toBe(
      "date,host,free_gb\n2026-11-30,fs01,3\n2026-11-30,fs02,41\n".repeat(3),
    );
  });

  it("files an inline-PGP-signed mail with the words it signs", async () => {
    await deliver(desk, fixture("rw7-mutt-pgp-inline-signed.eml"));
    await desk.drain();
    const { entry } = await filedFrom("erik.lund@client.example");
    expect(entry.body).toMatch(/^Hello,\n\nsince this morning the VPN client refuses to connect/);
    expect(entry.body).not.toMatch(/PGP|SHA256/);
  });
});
