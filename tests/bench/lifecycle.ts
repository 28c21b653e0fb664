import { performance } from "node:perf_hooks";
import { createTransport } from "nodemailer";
import { createAgent } from "../../core/agent/agent.ts";
import { issueCsatToken } from "../../core/csat/csat.ts";
import { slaContext } from "../../core/sla/policy.ts";
import { takeMetered } from "../../core/store/meter.ts";
import { seedDefaults } from "../../core/triage/defaults.ts";
import type { createApp } from "../../functions/api/app.ts";
import { runSweep } from "../../functions/cron/sweep.ts";
import { type LocalQueue, pollOnce } from "../../infra/local/queues.ts";
import { startSmtp } from "../../infra/local/smtp.ts";
import { functionDefaults } from "../../infra/settings.ts";
import { topology, type WorkerQueue } from "../../infra/topology.ts";
import { countAwsCalls, takeAwsCalls } from "./aws-calls.ts";

type App = ReturnType<typeof createApp>;

/** What one step of a ticket's life cost, counted from the real calls. */
export interface Step {
  step: string;
  /** HTTP requests to the API (each one Lambda invocation behind CloudFront). */
  apiRequests: number;
  /** Events delivered to workers, by worker (each one asynchronous Lambda invocation; no SQS request). */
  messages: Record<string, number>;
  /** Write units of the step: `request` for the API call or the sweep, then each worker's. */
  writeUnitsBy: Record<string, number>;
  /** DynamoDB requests of the step, split the same way. */
  requestsBy: Record<string, number>;
  /** Sweep runs (the every-minute cron) that acted on the ticket. */
  sweepRuns: number;
  dynamo: { requests: number; readUnits: number; writeUnits: number };
  /** SNS, SES and S3 requests by `Service:Action` (the local invoker's SQS calls emulate Lambda's: left out). */
  aws: Record<string, number>;
  /** Wall time of the API calls, worker deliveries and sweep runs of the step, on this machine (ms). */
  ms: number;
  /** That time billed at each function's deployed memory (GB-s): the API and sweep at the default, workers at theirs. */
  gbSeconds: number;
}

/** A function's deployed memory in GB: its own (infra/topology.ts) or the default every function has. */
export const memoryGb = (queue?: string) =>
  ((queue && (topology.queues as Record<string, WorkerQueue>)[queue]?.memoryMB) ||
    Number.parseInt(functionDefaults.memory, 10)) / 1024;

/**
 * Lives one ticket's whole life on the local desk and counts what each step costs: intake (web form or mail),
 * triage, acknowledgement, two agent replies, one customer reply, solve, survey, rating, and the report counters
 * and search index moved by their events. Workers run through the local poller, queue by queue, until nothing
 * is left, so every event's cost lands in the step that caused it.
 */
export async function liveOneTicket(app: App, queues: LocalQueue[], intake: "web" | "mail", n: number) {
  countAwsCalls();
  await seedDefaults();
  await slaContext();
  const agentEmail = `life-${intake}-${n}@desk.test`;
  await createAgent({
    email: agentEmail,
    name: "Life",
    password: "life password 1234",
    teams: ["service-desk", "field-support", "network", "applications"],
  });
  const steps: Step[] = [];
  let apiRequests = 0;
  let ms = 0;
  let gbMs = 0;
  /** Adds a call's time to the step, billed at the memory of the function that ran it. */
  const spent = (started: number, queue?: string) => {
    const elapsed = performance.now() - started;
    ms += elapsed;
    gbMs += elapsed * memoryGb(queue);
  };
  const send = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const started = performance.now();
    const response = await app.request(
      path,
      {
        method,
        headers: { ...(body ? { "content-type": "application/json" } : {}), ...headers },
        body: typeof body === "string" ? body : body ? JSON.stringify(body) : undefined,
      },
      { incoming: { socket: { remoteAddress: `10.9.${n}.${apiRequests % 250}` } } },
    );
    const text = await response.text();
    spent(started);
    apiRequests++;
    if (response.status >= 400) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    const json =
      text && response.headers.get("content-type")?.includes("json") ? JSON.parse(text) : undefined;
    return { json, headers: response.headers };
  };
  /** Runs the workers until every queue is empty; returns the messages each queue delivered. */
  const writeUnitsBy: Record<string, number> = {};
  const requestsBy: Record<string, number> = {};
  const metered: ReturnType<typeof takeMetered> = [];
  const meter = (by: string) => {
    const calls = takeMetered();
    metered.push(...calls);
    const units = calls.reduce((s, c) => s + c.writeUnits, 0);
    if (units) writeUnitsBy[by] = (writeUnitsBy[by] ?? 0) + units;
    if (calls.length) requestsBy[by] = (requestsBy[by] ?? 0) + calls.length;
  };
  const drain = async () => {
    const messages: Record<string, number> = {};
    for (let round = 0; round < 50; round++) {
      let handled = 0;
      for (const queue of queues) {
        const started = performance.now();
        const count = await pollOnce(queue, 0);
        meter(queue.name);
        if (count) spent(started, queue.name);
        if (count) messages[queue.name] = (messages[queue.name] ?? 0) + count;
        handled += count;
      }
      if (handled === 0) break;
    }
    return messages;
  };
  const step = async (name: string, run: () => Promise<unknown>, sweepRuns = 0) => {
    takeMetered();
    takeAwsCalls();
    apiRequests = 0;
    ms = 0;
    gbMs = 0;
    metered.length = 0;
    for (const key of Object.keys(writeUnitsBy)) delete writeUnitsBy[key];
    for (const key of Object.keys(requestsBy)) delete requestsBy[key];
    await run();
    meter("request");
    const messages = await drain();
    const calls = [...metered];
    const aws = Object.fromEntries(
      Object.entries(takeAwsCalls()).filter(([name]) => !name.startsWith("SQS:")),
    );
    steps.push({
      step: name,
      apiRequests,
      messages,
      writeUnitsBy: { ...writeUnitsBy },
      requestsBy: { ...requestsBy },
      sweepRuns,
      dynamo: {
        requests: calls.length,
        readUnits: calls.reduce((s, c) => s + c.readUnits, 0),
        writeUnits: calls.reduce((s, c) => s + c.writeUnits, 0),
      },
      aws,
      ms,
      gbSeconds: gbMs / 1000,
    });
  };

  await drain();
  const customer = { name: "Pat Lee", email: `pat-${intake}-${n}@customer.example` };
  const subject = `Laptop will not start ${intake} ${n}`;
  const text = "My laptop does not start since this morning. The power light blinks twice, then nothing.";
  let ticket: { id: string; number: number; portalToken?: string } | undefined;
  const smtp = intake === "mail" ? await startSmtp(0, "support@desk.localhost") : undefined;
  const mail = async (subjectLine: string, body: string) => {
    const transport = createTransport({
      host: "127.0.0.1",
      port: smtp!.port,
      secure: false,
      ignoreTLS: true,
    });
    const started = performance.now();
    await transport.sendMail({
      from: `${customer.name} <${customer.email}>`,
      to: "support@desk.localhost",
      subject: subjectLine,
      text: body,
    });
    spent(started);
    transport.close();
  };
  try {
    if (intake === "web") {
      await step("intake: web form, with triage, acknowledgement, counters, search", async () => {
        ticket = (await send("POST", "/api/tickets", { ...customer, subject, message: text })).json;
      });
    } else {
      await step(
        "intake: inbound mail (SES → S3 → worker), with triage, acknowledgement, counters, search",
        () => mail(subject, text),
      );
    }
    const login = await send("POST", "/api/auth/login", {
      email: agentEmail,
      password: "life password 1234",
    });
    const auth = {
      cookie: login.headers.get("set-cookie")!.split(";")[0]!,
      "x-csrf-token": login.json.csrfToken,
    };
    if (!ticket) {
      const list = await send(
        "GET",
        `/api/requesters/${encodeURIComponent(customer.email)}/tickets`,
        undefined,
        auth,
      );
      const found = list.json.items[0];
      ticket = { id: found.id, number: found.number };
    }
    const { id, number } = ticket!;
    for (const reply of ["first", "second"])
      await step(`agent opens the ticket and sends the ${reply} reply (sent by SES)`, async () => {
        await send("GET", `/api/tickets/${id}`, undefined, auth);
        await send(
          "POST",
          `/api/tickets/${id}/replies`,
          { body: `Please hold the power button (${reply}).` },
          auth,
        );
      });
    await step("customer replies (portal or mail), the assignee is notified", async () => {
      if (intake === "mail") await mail(`Re: [#${number}] ${subject}`, "It works again, thank you.");
      else
        await send(
          "POST",
          `/api/portal/tickets/${id}/messages`,
          { message: "It works again, thank you." },
          { authorization: `Bearer ${ticket!.portalToken}` },
        );
    });
    await step("agent opens the ticket and solves it", async () => {
      const viewed = await send("GET", `/api/tickets/${id}`, undefined, auth);
      await send(
        "PATCH",
        `/api/tickets/${id}`,
        { status: "solved" },
        { ...auth, "if-match": viewed.headers.get("etag")! },
      );
    });
    await step(
      "survey: the sweep finds it due, the survey goes out by SES",
      async () => {
        const started = performance.now();
        await runSweep(new Date(Date.now() + 61 * 60_000));
        spent(started);
      },
      1,
    );
    await step("customer rates it from the survey link (the page, then its Send)", async () => {
      const token = issueCsatToken(id);
      await send("GET", `/csat/${token}?rating=good`);
      await send("POST", `/csat/${token}`, "rating=good", {
        "content-type": "application/x-www-form-urlencoded",
      });
    });
  } finally {
    await smtp?.close();
  }
  return steps;
}
