import { beforeAll, describe, expect, it } from "vitest";
import { loadTicketItem } from "../../core/ticket/commit.ts";
import { limitInOneWindow } from "../support/clock.ts";
import { call, startTestDesk, type TestDesk } from "../support/desk.ts";

let desk: TestDesk;
beforeAll(async () => {
  process.env.DESK_LIMIT_SUBMISSIONS_PER_EMAIL = limitInOneWindow(3, 3600);
  process.env.DESK_LIMIT_SUBMISSIONS_PER_IP = limitInOneWindow(4, 3600);
  desk = await startTestDesk();
});

const valid = { name: "Ann", email: "Ann@Example.com", subject: "Printer", message: "It jams." };
let ip = 0;
const post = (body: unknown, headers: Record<string, string> = {}) =>
  call(desk.app, "POST", "/api/tickets", { body, headers, ip: `192.0.2.${++ip}` });

describe("POST /api/tickets", () => {
  it("files a ticket from JSON and numbers tickets in sequence", async () => {
    const first = await post({ ...valid, email: "seq1@example.com" });
    const second = await post({ ...valid, email: "seq2@example.com" });
    expect(first.status).toBe(201);
    expect(first.json).toEqual({
      id: expect.any(String),
      number: expect.any(Number),
      portalToken: expect.any(String),
    });
    expect(second.json.number).toBe(first.json.number + 1);
  });

  it("accepts the form-encoded body a plain HTML form posts", async () => {
    const response = await post("name=Bob&email=bob%40example.com&subject=VPN&message=No+tunnel&locale=fr", {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(response.status).toBe(201);
    const view = await call(desk.app, "GET", `/api/portal/tickets/${response.json.id}`, {
      headers: { authorization: `Bearer ${response.json.portalToken}` },
    });
    expect(view.json.subject).toBe("VPN");
    expect(view.json.timeline[0].body).toBe("No tunnel");
  });

  it("answers a repeated Idempotency-Key with the same ticket, not a second one", async () => {
    const headers = { "idempotency-key": "retry-key-0001" };
    const first = await post({ ...valid, email: "idem@example.com" }, headers);
    const again = await post({ ...valid, email: "idem@example.com" }, headers);
    const next = await post({ ...valid, email: "idem2@example.com" });
    expect(again.status).toBe(201);
    expect(again.json.id).toBe(first.json.id);
    expect(again.json.number).toBe(first.json.number);
    expect(next.json.number).toBe(first.json.number + 1);
  });

  it("refuses an Idempotency-Key reused for a different submission", async () => {
    const headers = { "idempotency-key": "retry-key-0002" };
    await post({ ...valid, email: "reuse@example.com" }, headers);
    const other = await post({ ...valid, email: "reuse@example.com", message: "Something else" }, headers);
    expect(other.status).toBe(409);
    expect(other.json.error.code).toBe("idempotency_key_reused");
  });

  it("files concurrent duplicates once", async () => {
    const headers = { "idempotency-key": "race-key-0003" };
    const results = await Promise.all(
      Array.from({ length: 5 }, () => post({ ...valid, email: "race@example.com" }, headers)),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(results.map((r) => r.json.id)).size).toBe(1);
  });

  it("explains every invalid field and stores nothing", async () => {
    const before = await post({ ...valid, email: "before@example.com" });
    const bad = await post({ name: "", email: "not-an-email", subject: "x".repeat(201) });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("validation");
    expect(Object.keys(bad.json.error.fields).sort()).toEqual(["email", "message", "name", "subject"]);
    expect(bad.json.error.fields.message).toBe("Required");
    const after = await post({ ...valid, email: "after@example.com" });
    expect(after.json.number).toBe(before.json.number + 1);
  });

  it("refuses the honeypot filled in", async () => {
    const response = await post({ ...valid, website: "http://spam.example" });
    expect(response.status).toBe(400);
    expect(response.json.error.fields.website).toBeDefined();
  });

  it("answers 413 to an oversized body and 415 to an unknown media type", async () => {
    const huge = await post({ ...valid, message: "x".repeat(200 * 1024) });
    expect(huge.status).toBe(413);
    expect(huge.json.error.code).toBe("payload_too_large");
    const text = await post("hello", { "content-type": "text/plain" });
    expect(text.status).toBe(415);
    const broken = await post("{not json");
    expect(broken.status).toBe(400);
    expect(broken.json.error.code).toBe("malformed_body");
  });

  it("refuses a body declared in another charset than UTF-8 (it would be stored garbled), and stores nothing", async () => {
    const email = "latin1-declared@example.com";
    const body = JSON.stringify({ ...valid, email, name: "Ève" });
    for (const type of [
      "application/json; charset=iso-8859-1",
      'application/x-www-form-urlencoded; charset="windows-1252"',
    ]) {
      const refused = await post(body, { "content-type": type });
      expect(refused.status).toBe(415);
      expect(refused.json.error.code).toBe("unsupported_charset");
    }
    const ascii = await post(JSON.stringify({ ...valid, email: "ascii-declared@example.com" }), {
      "content-type": "application/json; charset=us-ascii",
    });
    expect(ascii.status).toBe(201);
    const created = await post(body, { "content-type": "application/json; charset=UTF-8" });
    expect(created.status).toBe(201);
    expect((await loadTicketItem(created.json.id)).requesterName).toBe("Ève");
    // Only the one accepted: the refused bodies wrote no ticket (numbers are consecutive).
    const next = await post({ ...valid, email: "after-latin1@example.com" });
    expect(next.json.number).toBe(created.json.number + 1);
  });

  it("rate-limits per address with 429 and Retry-After", async () => {
    const body = { ...valid, email: "flood@example.com" };
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post({ ...body, message: `try ${i}` })).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    const limited = await post({ ...body, message: "again" });
    expect(limited.json.error.code).toBe("rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("rate-limits per IP", async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      const response = await call(desk.app, "POST", "/api/tickets", {
        body: { ...valid, email: `ip${i}@example.com` },
        ip: "203.0.113.99",
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 429]);
  });

  it("counts an IP's submissions before reading the body, so a flood is refused unparsed", async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      const response = await call(desk.app, "POST", "/api/tickets", {
        body: "not json at all",
        headers: { "content-type": "multipart/form-data; boundary=x" },
        ip: "203.0.113.98",
      });
      statuses.push(response.status);
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, 4).every((status) => status === 400)).toBe(true);
  });
});
