import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { beforeAll, describe, expect, it } from "vitest";
import { messageKey } from "../../core/mail/outbound.ts";
import { parseMail } from "../../core/mail/parse.ts";
import { store } from "../../core/store/index.ts";
import { localSqs } from "../../infra/local/queues.ts";
import { signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";
import { acksTo, deliver, ticketsOf } from "../support/mail.ts";

const root = join(import.meta.dirname, "../fixtures/email");
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return name === "LICENSE" || name.endsWith(".md") ? [] : [path];
  });

let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app);
});

describe("every fixture message", () => {
  const all = files(root);

  it("parses without an error", async () => {
    expect(all.length).toBeGreaterThan(100);
    for (const path of all) {
      const mail = await parseMail(readFileSync(path));
      expect(mail.messageId, relative(root, path)).toMatch(/^<.+>$/);
    }
  });

  it("goes through the pipeline and ends filed, ignored or as a duplicate, never in the dead-letter queue", async () => {
    for (const path of all) {
      const raw = readFileSync(path);
      if (raw.length === 0) {
        // An empty file is no message: refused with a clear error, nothing stored.
        await expect(deliver(desk, raw)).rejects.toThrow(/not_a_message/);
        continue;
      }
      await deliver(desk, raw);
      const mail = await parseMail(raw);
      const { data } = await store()
        .entities.messageRef.get({ messageId: messageKey(mail.messageId) })
        .go();
      expect(data, relative(root, path)).not.toBeNull();
    }
    // No invocation failed: nothing waits for a retry round, nothing is dead.
    const { Messages = [] } = await localSqs().send(
      new ReceiveMessageCommand({ QueueUrl: desk.retryUrl, WaitTimeSeconds: 0 }),
    );
    expect(Messages).toEqual([]);
  }, 240_000);

  it("files the desk's own fixtures as their headers say", async () => {
    const desk_ = (name: string) => readFileSync(join(root, "desk", name));
    // A person's reply with a [#15] token but no ticket #15 of theirs: a new ticket, in French, acknowledged.
    const french = await parseMail(desk_("french-latin1-reply.eml"));
    expect(french.from?.address).toBe("renee.leger@client.example");
    expect(french.subject).toBe("Re: [#15] Accès VPN bloqué");
    expect(french.visibleText).toBe("Toujours bloquée, le mot de passe ne passe pas.");
    const [renee] = await ticketsOf(desk, agent.session, "renee.leger@client.example");
    expect(renee).toBeDefined();
    expect((await acksTo(desk, "renee.leger@client.example"))[0]?.subject).toMatch(
      /^\[#\d+\] Nous avons bien reçu/,
    );

    // Bulk and out-of-office mail: filed, never acknowledged.
    for (const address of ["news@vendor.example", "marie.dupont@client.example", "john.smith@corp.example"]) {
      expect(await ticketsOf(desk, agent.session, address), address).toHaveLength(1);
      expect(await acksTo(desk, address), address).toHaveLength(0);
    }
    // A bounce of mail the desk never sent (the Message-ID is not signed by this desk): no ticket, no answer.
    expect(await ticketsOf(desk, agent.session, "mailer-daemon@mx.client.example")).toHaveLength(0);
    expect(await acksTo(desk, "mailer-daemon@mx.client.example")).toHaveLength(0);
  });
});
