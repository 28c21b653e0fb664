import { beforeAll, describe, expect, it } from "vitest";
import { issueCsatToken } from "../../core/csat/csat.ts";
import { runSweep } from "../../functions/cron/sweep.ts";
import {
  call,
  patchTicket,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";
import { mailsTo } from "../support/mail.ts";

let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app, { role: "admin" });
  expect(
    (
      await call(desk.app, "PUT", "/api/admin/housekeeping", {
        as: agent.session,
        body: { csatDelayMinutes: 30 },
      })
    ).status,
  ).toBe(200);
});

const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);
const view = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).json;
const solve = (id: string) =>
  call(desk.app, "POST", `/api/tickets/${id}/replies`, {
    as: agent.session,
    body: { body: "Fixed.", status: "solved" },
  });
const surveys = async (email: string) =>
  (await mailsTo(desk, email)).filter((m) =>
    /How did we do|Comment s'est passée/.test(m.subject),
  ) as unknown as {
    body: { text: string };
  }[];

describe("satisfaction survey", () => {
  it("asks once, after the delay, with one-click links that record and change the rating", async () => {
    const { id } = await submitTicket(desk.app, { email: "happy@example.com" });
    await solve(id);
    await desk.drain();
    await runSweep(later(10));
    await desk.drain();
    expect(await surveys("happy@example.com")).toHaveLength(0);
    await runSweep(later(31));
    await runSweep(later(32));
    await desk.drain();
    const [survey] = await surveys("happy@example.com");
    expect(await surveys("happy@example.com")).toHaveLength(1);
    const good = /Good: (\S+)/.exec(survey!.body.text)![1]!;
    const bad = /Not good: (\S+)/.exec(survey!.body.text)![1]!;

    // Mail scanners fetch both links (GET or HEAD) before the customer does: that records nothing.
    for (const link of [good, bad, good]) {
      const url = new URL(link).pathname + new URL(link).search;
      expect((await desk.app.request(url)).status).toBe(200);
      expect((await desk.app.request(url, { method: "HEAD" })).status).toBe(200);
    }
    expect((await view(id)).satisfaction).toBeNull();
    // The page shows the rating the link chose; its script (or Send) posts it.
    const page = await (await desk.app.request(new URL(bad).pathname + new URL(bad).search)).text();
    expect(page).toContain("How did we do?");
    expect(page).toMatch(/value="bad" checked/);
    expect(page).not.toMatch(/value="good" checked/);
    const post = (body: string) =>
      desk.app.request(new URL(good).pathname, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body,
      });
    const first = await post("rating=good");
    expect(first.status).toBe(200);
    expect(await first.text()).toContain("Thank you for your answer!");
    expect((await view(id)).satisfaction).toMatchObject({ rating: "good" });
    await post("rating=good");
    await post("rating=bad");
    const comment = await post("rating=bad&comment=Took+two+days");
    expect(comment.status).toBe(200);
    expect(await comment.text()).toContain("Thank you, we read every comment.");
    const ticket = await view(id);
    expect(ticket.satisfaction).toEqual({
      rating: "bad",
      comment: "Took two days",
      ratedAt: expect.any(String),
    });
    const ratings = ticket.timeline.filter((e: { body: string | null }) =>
      e.body?.startsWith("Satisfaction"),
    );
    // good, then changed to bad, then the comment: a repeated click added nothing.
    expect(ratings.map((e: { body: string }) => e.body)).toEqual([
      "Satisfaction: good",
      "Satisfaction: not good",
      "Satisfaction: not good — “Took two days”",
    ]);
    // The comment on the same rating changed no field (no "bad → bad" on the timeline).
    expect(ratings.map((e: { changes: unknown }) => e.changes)).toEqual([
      [{ field: "csatRating", to: "good" }],
      [{ field: "csatRating", from: "good", to: "bad" }],
      null,
    ]);
  });

  it("never surveys spam, automatic solves or a customer's own close; refuses forged or expired links", async () => {
    const { id, portalToken } = await submitTicket(desk.app, { email: "closer@example.com" });
    await call(desk.app, "POST", `/api/portal/tickets/${id}/close`, {
      headers: { authorization: `Bearer ${portalToken}` },
      body: {},
    });
    const spam = await submitTicket(desk.app, { email: "spammy@example.com" });
    await patchTicket(desk.app, agent.session, spam.id, { tags: ["spam"], status: "solved" });
    await runSweep(later(120));
    await desk.drain();
    expect(await surveys("closer@example.com")).toHaveLength(0);
    expect(await surveys("spammy@example.com")).toHaveLength(0);

    const forged = await desk.app.request(`/csat/cs1.${id}.9999999999.forged?rating=good`);
    expect(forged.status).toBe(400);
    const expired = issueCsatToken(id, new Date(Date.now() - 31 * 86_400_000));
    expect((await desk.app.request(`/csat/${expired}?rating=good`)).status).toBe(400);
    expect((await call(desk.app, "POST", `/api/csat/${expired}`, { body: { rating: "good" } })).status).toBe(
      400,
    );
    expect((await view(id)).satisfaction).toBeNull();
    const viaApi = await call(desk.app, "POST", `/api/csat/${issueCsatToken(id)}`, {
      body: { rating: "good" },
    });
    expect(viaApi.json).toEqual({ rating: "good" });
  });
});
