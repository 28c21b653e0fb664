import { beforeAll, expect, it } from "vitest";
import { issueCsatToken } from "../../core/csat/csat.ts";
import { call, signedInAgent, startTestDesk, submitTicket, type TestDesk } from "../support/desk.ts";

let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app);
});

const rating = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).json.satisfaction?.rating;

it("revoking every earlier link of a ticket ends its survey links too (API and page, EN and FR)", async () => {
  const { id } = await submitTicket(desk.app, { email: "revoked-survey@example.com" });
  await call(desk.app, "POST", `/api/tickets/${id}/replies`, {
    as: agent.session,
    body: { body: "Fixed.", status: "solved" },
  });
  // The survey mailed a minute ago, answered once.
  const mailed = issueCsatToken(id, new Date(Date.now() - 60_000));
  expect((await call(desk.app, "POST", `/api/csat/${mailed}`, { body: { rating: "good" } })).status).toBe(
    200,
  );

  const revoke = await call(desk.app, "POST", `/api/tickets/${id}/portal-link`, {
    as: agent.session,
    body: { revokePrevious: true },
  });
  expect(revoke.status).toBe(200);

  const refused = await call(desk.app, "POST", `/api/csat/${mailed}`, {
    body: { rating: "bad", comment: "changed after revoke" },
  });
  expect(refused.status).toBe(401);
  expect(refused.json.error.code).toBe("link_revoked");
  const page = await desk.app.request(`/csat/${mailed}?rating=bad`);
  expect(page.status).toBe(401);
  const text = await page.text();
  expect(text).toContain("This survey link was ended by the support team");
  expect(text).toContain("Ce lien vers le questionnaire a été désactivé par l&#39;équipe d&#39;assistance");
  const sent = await desk.app.request(`/csat/${mailed}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "rating=bad&comment=changed+after+revoke",
  });
  expect(sent.status).toBe(401);
  expect(await rating(id)).toBe("good");

  // A survey link issued after the revocation works.
  const fresh = issueCsatToken(id, new Date(Date.now() + 2000));
  expect((await call(desk.app, "POST", `/api/csat/${fresh}`, { body: { rating: "bad" } })).json).toEqual({
    rating: "bad",
  });
});
