import { beforeAll, describe, expect, it } from "vitest";
import { call, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";
import { deliver, rawMail, ticketsOf } from "../support/mail.ts";

/**
 * A mail on a ticket's thread may copy others on the ticket (every later answer goes to them too) only when its
 * From is the requester and vouched for: a forged From, or the requester named in Sender only, copies nobody.
 */
let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app, { name: "Mail Reader" });
});

const auth = (dmarc: "pass" | "fail" | "none") => ({
  "Authentication-Results": `amazonses.com; spf=${dmarc === "pass" ? "pass" : "fail"}; dkim=none; dmarc=${dmarc}`,
});
const view = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).json as {
    cc: string[];
    timeline: { kind: string; body: string }[];
  };

async function ticketOf(owner: string) {
  await deliver(
    desk,
    await rawMail({
      from: owner,
      subject: "Payroll portal locked",
      text: "Please help.",
      headers: auth("pass"),
    }),
  );
  const [ticket] = await ticketsOf(desk, agent.session, owner);
  return ticket!;
}

describe("copying others on a ticket by mail", () => {
  it("a forged From (DMARC failed) or one DMARC could not vouch for lands on the thread but copies nobody", async () => {
    const ticket = await ticketOf("owner@example.org");
    for (const [dmarc, thief] of [
      ["fail", "thief@evil.example"],
      ["none", "thief2@evil.example"],
    ] as const) {
      await deliver(
        desk,
        await rawMail({
          from: "Owner <owner@example.org>",
          cc: thief,
          subject: `Re: Payroll portal locked [#${ticket.number}]`,
          text: `Please copy my assistant (${dmarc}).`,
          headers: auth(dmarc),
        }),
      );
    }
    const after = await view(ticket.id);
    expect(after.timeline.filter((e) => e.kind === "customer_message").map((e) => e.body)).toEqual([
      "Please help.",
      "Please copy my assistant (fail).",
      "Please copy my assistant (none).",
    ]);
    expect(after.cc ?? []).toEqual([]);
  });

  it("the requester named by Sender only (From is someone else, vouched for) copies nobody", async () => {
    const ticket = await ticketOf("victim@example.org");
    await deliver(
      desk,
      await rawMail({
        from: "Thief <thief@evil.example>",
        cc: "thief-drop@evil.example",
        subject: `Re: Payroll portal locked [#${ticket.number}]`,
        text: "Sent on behalf of the victim.",
        headers: { ...auth("pass"), Sender: "victim@example.org" },
      }),
    );
    expect((await view(ticket.id)).cc ?? []).toEqual([]);
  });

  it("the requester's own vouched-for mail still copies a colleague", async () => {
    const ticket = await ticketOf("genuine@example.org");
    await deliver(
      desk,
      await rawMail({
        from: "Genuine <genuine@example.org>",
        cc: "colleague@example.org",
        subject: `Re: Payroll portal locked [#${ticket.number}]`,
        text: "Copying my colleague.",
        headers: auth("pass"),
      }),
    );
    expect((await view(ticket.id)).cc).toEqual(["colleague@example.org"]);
  });

  it("a new ticket from a From that DMARC found forged, or could not check, copies nobody (agents see whom it named)", async () => {
    await deliver(
      desk,
      await rawMail({
        from: "Boss <boss@example.org>",
        cc: "thief@evil.example",
        subject: "Wire the payment today",
        text: "Copying my assistant.",
        headers: auth("fail"),
      }),
    );
    const [forged] = await ticketsOf(desk, agent.session, "boss@example.org");
    expect(forged!.cc ?? []).toEqual([]);
    await deliver(
      desk,
      await rawMail({
        from: "Small <small@example.org>",
        cc: "partner@example.org",
        subject: "Invoice question",
        text: "Copying my partner.",
        headers: auth("none"),
      }),
    );
    const [unchecked] = await ticketsOf(desk, agent.session, "small@example.org");
    expect(unchecked!.cc ?? []).toEqual([]);
    expect((await view(unchecked!.id)).timeline[0]).toMatchObject({
      mail: { notCopied: ["partner@example.org"] },
    });
  });
});
