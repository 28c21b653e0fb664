import { beforeAll, describe, expect, it } from "vitest";
import { issueMagicToken } from "../../core/auth/magic-link.ts";
import {
  call,
  type Session,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";

let desk: TestDesk;
let admin: Session;
beforeAll(async () => {
  desk = await startTestDesk();
  admin = (await signedInAgent(desk.app, { role: "admin", teams: ["support"] })).session;
});

const MULTIPART = "multipart/form-data; boundary=XyZ";
const brokenBodies: [string, string, string][] = [
  ["multipart cut mid-headers", MULTIPART, '--XyZ\r\nContent-Disposition: form-data; name="name"'],
  ["multipart without a boundary", "multipart/form-data", "name=Ann"],
  [
    "multipart with no closing delimiter",
    MULTIPART,
    '--XyZ\r\nContent-Disposition: form-data; name="name"\r\n\r\nAnn',
  ],
  ["JSON with a syntax error", "application/json", '{"name": "Ann",'],
  ["JSON cut short", "application/json", "["],
];

const timelineLength = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: admin })).json.timeline.length as number;

describe("bodies that cannot be read", () => {
  it("POST /api/tickets answers 400 malformed_body and files nothing", async () => {
    const before = await submitTicket(desk.app);
    for (const [label, type, body] of brokenBodies) {
      const response = await call(desk.app, "POST", "/api/tickets", {
        body,
        headers: { "content-type": type },
        ip: "192.0.2.77",
      });
      expect(response.status, label).toBe(400);
      expect(response.json.error.code, label).toBe("malformed_body");
      expect(response.json.error.message, label).toMatch(/not valid/);
    }
    // Nothing numbered, and no submission counted against the address or the IP.
    const after = await submitTicket(desk.app);
    expect(after.number).toBe(before.number + 1);
  });

  it("still files a well-formed multipart submission", async () => {
    const form = new FormData();
    for (const [k, v] of Object.entries({
      name: "Mo",
      email: "mo@example.com",
      subject: "Form",
      message: "Hi",
    }))
      form.append(k, v);
    const response = await desk.app.request(
      "/api/tickets",
      { method: "POST", body: form },
      { incoming: { socket: { remoteAddress: "192.0.2.78" } } },
    );
    expect(response.status).toBe(201);
  });

  it("portal messages answer 400 malformed_body and the timeline does not move", async () => {
    const { id, portalToken } = await submitTicket(desk.app);
    const length = await timelineLength(id);
    for (const [label, type, body] of brokenBodies) {
      const response = await call(desk.app, "POST", `/api/portal/tickets/${id}/messages`, {
        body,
        headers: { "content-type": type, authorization: `Bearer ${portalToken}` },
      });
      expect(response.status, label).toBe(400);
      expect(response.json.error.code, label).toBe("malformed_body");
    }
    expect(await timelineLength(id)).toBe(length);
  });

  it("JSON routes answer 400 malformed_body to broken JSON and 415 to another media type", async () => {
    const { id } = await submitTicket(desk.app);
    const length = await timelineLength(id);
    for (const path of [`/api/tickets/${id}/notes`, `/api/tickets/${id}/replies`, "/api/agent/tickets"]) {
      const broken = await call(desk.app, "POST", path, { as: admin, body: '{"body": "x"' });
      expect(broken.status, path).toBe(400);
      expect(broken.json.error.code, path).toBe("malformed_body");
      const form = await call(desk.app, "POST", path, {
        as: admin,
        body: "body=x",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      expect(form.status, path).toBe(415);
      expect(form.json.error.code, path).toBe("unsupported_media_type");
    }
    const login = await call(desk.app, "POST", "/api/auth/login", { body: "{" });
    expect([login.status, login.json.error.code]).toEqual([400, "malformed_body"]);
    expect(await timelineLength(id)).toBe(length);
  });

  it("the help center's form posts answer 400, not 500, to broken multipart", async () => {
    const response = await call(desk.app, "POST", "/help/articles/anything/feedback", {
      body: "--XyZ\r\nbroken",
      headers: { "content-type": MULTIPART },
    });
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe("malformed_body");
  });
});

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("cursors the desk did not issue", () => {
  let customerCookie: string;
  beforeAll(async () => {
    // Enough tickets for a second page everywhere, from one requester.
    for (let i = 0; i < 3; i++) await submitTicket(desk.app, { email: "pages@example.com" });
    const session = await desk.app.request("/api/portal/session", {
      method: "POST",
      headers: { "content-type": "application/json", "x-requested-with": "desk" },
      body: JSON.stringify({ token: issueMagicToken("pages@example.com") }),
    });
    customerCookie = session.headers.get("set-cookie")!.split(";")[0]!;
  });

  const get = (path: string) =>
    path.startsWith("/api/portal/")
      ? call(desk.app, "GET", path, { headers: { cookie: customerCookie } })
      : call(desk.app, "GET", path, { as: admin });

  // Every paginated list, with a first-page URL that yields a next cursor.
  const lists = [
    "/api/tickets?view=all&limit=1",
    "/api/tickets?view=all&status=new&limit=1",
    "/api/tickets?view=unassigned&limit=1",
    "/api/tickets?view=team&team=support&limit=1",
    "/api/tickets?view=mine&limit=1",
    "/api/tickets?view=all&sort=sla&limit=1",
    "/api/requesters/pages%40example.com/tickets?limit=1",
    "/api/portal/me/tickets",
    "/api/agents",
    "/api/admin/agents",
  ];
  const forged = [
    "abc",
    "eyJhIjoxfQ",
    b64([null, null, null, null]),
    b64(["eyJwayI6IngiLCJzayI6InkifQ", null, false, null]),
    b64({ offset: 1 }),
    `${b64("eyJwayI6IngiLCJzayI6InkifQ")}.c2lnbmF0dXJl`,
    "....",
    "%00",
  ];

  it("answers 400 invalid_cursor on every paginated list", async () => {
    for (const list of lists) {
      for (const cursor of forged) {
        const response = await get(
          `${list}${list.includes("?") ? "&" : "?"}cursor=${encodeURIComponent(cursor)}`,
        );
        expect(response.status, `${list} cursor=${cursor}`).toBe(400);
        expect(response.json.error.code, `${list} cursor=${cursor}`).toBe("invalid_cursor");
      }
    }
  });

  it("refuses a cursor edited by one character, or issued for another list", async () => {
    const all = (await get("/api/tickets?view=all&limit=1")).json.cursor as string;
    const mine = await get(`/api/tickets?view=unassigned&team=support&limit=1&cursor=${all}`);
    expect(mine.json.error?.code).toBe("invalid_cursor");
    const tampered = `${all.slice(0, 5)}${all[5] === "A" ? "B" : "A"}${all.slice(6)}`;
    expect((await get(`/api/tickets?view=all&limit=1&cursor=${tampered}`)).json.error.code).toBe(
      "invalid_cursor",
    );

    await submitTicket(desk.app, { email: "other@example.com" });
    await submitTicket(desk.app, { email: "other@example.com" });
    const theirs = (await get("/api/requesters/other%40example.com/tickets?limit=1")).json.cursor as string;
    const crossed = await get(`/api/requesters/pages%40example.com/tickets?limit=1&cursor=${theirs}`);
    expect(crossed.json.error.code).toBe("invalid_cursor");
  });

  it("still pages with the cursors it issues", async () => {
    for (const list of [
      "/api/tickets?view=all&limit=1",
      "/api/requesters/pages%40example.com/tickets?limit=1",
    ]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await get(`${list}${cursor ? `&cursor=${cursor}` : ""}`);
        expect(page.status, list).toBe(200);
        seen.push(...page.json.items.map((t: { id: string }) => t.id));
        cursor = page.json.cursor;
      } while (cursor && seen.length < 50);
      expect(seen.length, list).toBeGreaterThanOrEqual(3);
      expect(new Set(seen).size, list).toBe(seen.length);
    }
    const sla = await get("/api/tickets?view=all&sort=sla&limit=1");
    const second = await get(`/api/tickets?view=all&sort=sla&limit=1&cursor=${sla.json.cursor}`);
    expect(second.status).toBe(200);
    expect(second.json.items[0].id).not.toBe(sla.json.items[0].id);
  });
});

describe("refused fields", () => {
  it("name each field's kind of refusal beside its English words, for the app to say it in French", async () => {
    const refused = await call(desk.app, "POST", "/api/admin/teams", {
      as: admin,
      body: { id: "long-name", name: "x".repeat(101), nameFr: "" },
    });
    expect(refused.status).toBe(400);
    expect(refused.json.error.fields.name).toMatch(/100/);
    expect(refused.json.error.fieldIssues.name).toEqual({ code: "too_big", limit: 100, origin: "string" });
    const agent = await call(desk.app, "POST", "/api/agent/tickets", {
      as: admin,
      body: { name: "Ann", email: "not-an-address", subject: "Hi", message: "" },
    });
    expect(agent.status).toBe(400);
    expect(agent.json.error.fieldIssues.message).toEqual({ code: "too_small", limit: 1, origin: "string" });
  });
});
