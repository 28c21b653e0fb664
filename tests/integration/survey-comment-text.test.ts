import { beforeAll, describe, expect, it } from "vitest";
import { issueCsatToken } from "../../core/csat/csat.ts";
import { call, signedInAgent, startTestDesk, submitTicket, type TestDesk } from "../support/desk.ts";

/**
 * The survey page's comment form is a way in for text like any other: what it stores is cleaned as the API's
 * comment is (core/text.ts), so a bidi override cannot reorder what agents read on the timeline and in reports.
 */
let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app, { name: "Survey Reader" });
});

const HOSTILE = "Fine\u0000 job\u202E gnp.exe\u2066\r\nthanks\u0007\uFEFF";
const CLEAN = "Fine job gnp.exe\nthanks";

const commentOf = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).json.satisfaction?.comment;

describe("a survey comment", () => {
  it("posted from the survey page is cleaned of controls and bidi overrides", async () => {
    const { id } = await submitTicket(desk.app, { subject: "Survey page" });
    const token = issueCsatToken(id);
    expect((await desk.app.request(`/csat/${token}?rating=good`)).status).toBe(200);
    const posted = await desk.app.request(`/csat/${token}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ rating: "good", comment: HOSTILE }).toString(),
    });
    expect(posted.status).toBe(200);
    expect(await commentOf(id)).toBe(CLEAN);
  });

  it("posted to the API is cleaned the same way", async () => {
    const { id } = await submitTicket(desk.app, { subject: "Survey API" });
    const sent = await call(desk.app, "POST", `/api/csat/${issueCsatToken(id)}`, {
      body: { rating: "bad", comment: HOSTILE },
    });
    expect(sent.status).toBe(200);
    expect(await commentOf(id)).toBe(CLEAN);
  });

  it("without a rating yet, is refused with its text kept, never dropped", async () => {
    const { id } = await submitTicket(desk.app, { subject: "Survey without rating" });
    const token = issueCsatToken(id);
    const page = await desk.app.request(`/csat/${token}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ comment: "Nobody called me back" }).toString(),
    });
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(html).toContain("Choose Good or Not good first");
    expect(html).toContain(">Nobody called me back</textarea>");
    const api = await call(desk.app, "POST", `/api/csat/${token}`, {
      body: { comment: "Nobody called me back" },
    });
    expect(api.status).toBe(400);
    expect(api.json.error.code).toBe("rating_required");
    expect(await commentOf(id)).toBeUndefined();
  });

  it("posted unreadable or as another type is refused as such (not 'try again'), and a bad link says so in both languages", async () => {
    const { id } = await submitTicket(desk.app, { subject: "Survey bad bodies", locale: "fr" });
    const token = issueCsatToken(id);
    const post = (type: string, body: string) =>
      desk.app.request(`/csat/${token}`, { method: "POST", headers: { "content-type": type }, body });
    const broken = await post("multipart/form-data", "x");
    expect(broken.status).toBe(400);
    expect(await broken.text()).toContain("pas pu lire cette réponse");
    for (const [type, body] of [
      ["application/json", '{"rating":"good","comment":"json comment"}'],
      ["text/plain", "rating=good&comment=text"],
    ]) {
      const refused = await post(type!, body!);
      expect(refused.status).toBe(415);
      expect(refused.headers.get("retry-after")).toBeNull();
    }
    expect(await commentOf(id)).toBeUndefined();
    const expired = issueCsatToken(id, new Date(Date.now() - 31 * 86_400_000));
    const page = await (await desk.app.request(`/csat/${expired}?rating=good`)).text();
    expect(page).toContain("This link is not valid or has expired.");
    expect(page).toContain("pas valide ou a expiré.");
    expect(page).not.toContain("Thank you");
  });
});
