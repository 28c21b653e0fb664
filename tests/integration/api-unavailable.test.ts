import { beforeAll, describe, expect, it } from "vitest";
import { isTransient } from "../../functions/api/errors.ts";
import { call, signedInAgent, startTestDesk, submitTicket, type TestDesk } from "../support/desk.ts";
import { failDynamoCalls } from "../support/dynamo-faults.ts";

/**
 * DynamoDB throttled or unreachable (the SDK's retries spent): the API answers 503 with Retry-After and a stable
 * code the form and the app can act on, not a 500 "something went wrong"; a retry then works.
 */
let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
let heal: (() => void) | undefined;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app);
});

describe("a throttled or unreachable table", () => {
  it("answers 503 with Retry-After to an agent's read, and the retry works", async () => {
    const { id } = await submitTicket(desk.app, { email: "throttled-read@example.com" });
    heal = failDynamoCalls(({ text }) => text.includes(`TICKET#${id}`));
    const refused = await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session });
    heal();
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("2");
    expect(refused.json.error.code).toBe("unavailable");
    expect((await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).status).toBe(200);
  });

  it("answers 503 to a web-form post whose write is refused, and the same post then files one ticket", async () => {
    const body = {
      name: "Tia",
      email: "throttled-form@example.com",
      subject: "Scanner",
      message: "It jams.",
    };
    heal = failDynamoCalls(({ command }) => command === "TransactWriteItemsCommand");
    const refused = await call(desk.app, "POST", "/api/tickets", {
      body,
      headers: { "idempotency-key": "throttled-form-0001" },
    });
    heal();
    expect(refused.status).toBe(503);
    const filed = await call(desk.app, "POST", "/api/tickets", {
      body,
      headers: { "idempotency-key": "throttled-form-0001" },
    });
    expect(filed.status).toBe(201);
    const mine = await call(desk.app, "GET", "/api/requesters/throttled-form%40example.com/tickets", {
      as: agent.session,
    });
    expect(mine.json.items).toHaveLength(1);
  });

  it("tells a refusal that stored nothing from a bug or an answer that may have been lost", () => {
    expect(isTransient(Object.assign(new Error("x"), { name: "ThrottlingException" }))).toBe(true);
    expect(isTransient(Object.assign(new Error("x"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(
      isTransient(new Error("wrapped", { cause: Object.assign(new Error(), { code: "ECONNREFUSED" }) })),
    ).toBe(true);
    // The write may have gone through: not "try again, nothing happened".
    expect(isTransient(Object.assign(new Error("x"), { name: "TimeoutError" }))).toBe(false);
    expect(isTransient(Object.assign(new Error("x"), { code: "ECONNRESET" }))).toBe(false);
    expect(isTransient(Object.assign(new Error("x"), { $metadata: { httpStatusCode: 500 } }))).toBe(false);
    expect(isTransient(new TypeError("undefined is not a function"))).toBe(false);
    expect(isTransient(Object.assign(new Error("x"), { name: "ValidationException" }))).toBe(false);
  });
});
