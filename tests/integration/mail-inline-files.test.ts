import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";
import { deliver, downloaded, firstMessageFrom } from "../support/mail.ts";

/**
 * Through POST /api/inbound/email and the InboundMail worker (core/mail/inline-parts.ts): a log Apple Mail sent
 * inline beside the typed text is a file agents download under its name; a report posted to a Mailman list is
 * the body, its footer after it. The original downloads byte for byte either way.
 */

let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app);
});

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "../fixtures/email/desk", name));
const download = async (path: string) => {
  const file = await downloaded(desk, agent.session, path);
  expect(file.status).toBe(200);
  return file.bytes;
};
const filedFrom = (address: string) => firstMessageFrom(desk, agent.session, address);

describe("a named text file sent inline beside the typed text", () => {
  it("is a file agents download under its name; the body is the typed text; the original is unchanged", async () => {
    const raw = fixture("rw7-apple-mail-log-file.eml");
    await deliver(desk, raw);
    const { path, entry } = await filedFrom("chris.y7@client.example");
    expect(entry.body).toContain("Here is the log from the app:");
    expect(entry.body).toContain("It worked fine on 4.1 last week.");
    expect(entry.body).not.toContain("SocketTimeoutException");
    expect(entry.attachments).toEqual([
      expect.objectContaining({ name: "stockroom.log", contentType: "text/plain" }),
    ]);
    expect((await download(`${path}/attachments/0`)).toString("utf8")).toContain("SyncJob failed");
    expect((await download(`${path}/original`)).equals(raw)).toBe(true);
  });
});

describe("a named HTML report posted to a mailing list", () => {
  it("is the body, the list's footer after it, with no file; the original is unchanged", async () => {
    const raw = fixture("rw7-mailman3-report-html-footer.eml");
    await deliver(desk, raw);
    const { path, entry } = await filedFrom("nas-office@client.example");
    expect(entry.body).toContain("Backup task Nightly to cloud on NAS-Office failed at 03:14.");
    expect(entry.body).toContain("Infra-alerts mailing list");
    expect(entry.attachments).toEqual([]);
    expect((await download(`${path}/original`)).equals(raw)).toBe(true);
  });
});
