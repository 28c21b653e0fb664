import { createAgent } from "../../core/agent/agent.ts";
import { createTeam } from "../../core/agent/directory.ts";
import { slaContext } from "../../core/sla/policy.ts";
import { takeMetered } from "../../core/store/meter.ts";
import type { createApp } from "../../functions/api/app.ts";

type App = ReturnType<typeof createApp>;

/**
 * Runs each API operation once on a small desk and reads what it cost from the metered DynamoDB calls.
 * `promised` is what core/store/README.md promises for it: requests, and write units (the Writes table);
 * `check` says FAIL when a measured figure exceeds its promise.
 */
export async function measureOperations(app: App) {
  await createTeam({ id: "support", name: "Support" });
  // Ticket writes read the SLA settings at most once a minute per process; measure the warm case.
  await slaContext();
  const admin = await createAgent({
    email: "ops-admin@desk.test",
    name: "Ops",
    password: "ops password 1234",
    role: "admin",
    teams: ["support"],
  });
  let ip = 0;
  const send = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await app.request(
      path,
      {
        method,
        headers: { ...(body ? { "content-type": "application/json" } : {}), ...headers },
        body: body ? JSON.stringify(body) : undefined,
      },
      { incoming: { socket: { remoteAddress: `10.0.0.${++ip}` } } },
    );
    const text = await response.text();
    if (response.status >= 400) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return { json: text ? JSON.parse(text) : undefined, headers: response.headers };
  };
  const rows: {
    operation: string;
    requests: number;
    promised: number;
    readUnits: number;
    writeUnits: number;
    promisedWriteUnits: number;
    check: "ok" | "FAIL";
  }[] = [];
  const measure = async <T>(
    operation: string,
    [promised, promisedWriteUnits]: [requests: number, writeUnits: number],
    run: () => Promise<T>,
  ): Promise<T> => {
    takeMetered();
    const result = await run();
    const calls = takeMetered();
    const writeUnits = +calls.reduce((sum, c) => sum + c.writeUnits, 0).toFixed(1);
    rows.push({
      operation,
      requests: calls.length,
      promised,
      readUnits: +calls.reduce((sum, c) => sum + c.readUnits, 0).toFixed(1),
      writeUnits,
      promisedWriteUnits,
      check: calls.length > promised || writeUnits > promisedWriteUnits ? "FAIL" : "ok",
    });
    return result;
  };

  const ticket = {
    name: "Ann",
    email: "ann@example.com",
    subject: "Printer jams",
    message: "Paper jam on floor 2",
  };
  const created = await measure("POST /api/tickets (web form)", [6, 20], () =>
    send("POST", "/api/tickets", ticket),
  );
  await measure("POST /api/tickets with Idempotency-Key, first", [7, 22], () =>
    send(
      "POST",
      "/api/tickets",
      { ...ticket, email: "key@example.com" },
      { "idempotency-key": "bench-key-1" },
    ),
  );
  await measure("POST /api/tickets with Idempotency-Key, repeated", [4, 2], () =>
    send(
      "POST",
      "/api/tickets",
      { ...ticket, email: "key@example.com" },
      { "idempotency-key": "bench-key-1" },
    ),
  );
  const login = await measure("POST /api/auth/login", [6, 6], () =>
    send("POST", "/api/auth/login", { email: "ops-admin@desk.test", password: "ops password 1234" }),
  );
  const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
  const auth = { cookie, "x-csrf-token": login.json.csrfToken };
  const { id, number } = created.json;
  const viewed = await measure("GET /api/tickets/:id (ticket + timeline)", [5, 0], () =>
    send("GET", `/api/tickets/${id}`, undefined, auth),
  );
  await measure("GET /api/tickets/by-number/:n", [4, 0], () =>
    send("GET", `/api/tickets/by-number/${number}`, undefined, auth),
  );
  await measure("GET /api/tickets?view=mine", [3, 0], () =>
    send("GET", "/api/tickets?view=mine", undefined, auth),
  );
  await measure("GET /api/tickets?view=unassigned&team=…", [3, 0], () =>
    send("GET", "/api/tickets?view=unassigned&team=support", undefined, auth),
  );
  await measure("GET /api/tickets?view=team&team=…", [3, 0], () =>
    send("GET", "/api/tickets?view=team&team=support", undefined, auth),
  );
  await measure("GET /api/tickets?view=all (4 shards)", [6, 0], () =>
    send("GET", "/api/tickets?view=all", undefined, auth),
  );
  await measure("GET /api/tickets?view=all&status=new (4 shards)", [6, 0], () =>
    send("GET", "/api/tickets?view=all&status=new", undefined, auth),
  );
  await measure("GET /api/requesters/:email/tickets", [3, 0], () =>
    send("GET", "/api/requesters/ann@example.com/tickets", undefined, auth),
  );
  const patched = await measure("PATCH /api/tickets/:id (status, priority)", [6, 18], () =>
    send(
      "PATCH",
      `/api/tickets/${id}`,
      { status: "open", priority: "high" },
      { ...auth, "if-match": viewed.headers.get("etag")! },
    ),
  );
  await measure("PATCH /api/tickets/:id (assign, team)", [10, 20], () =>
    send(
      "PATCH",
      `/api/tickets/${id}`,
      { assigneeId: admin.agentId, team: "support" },
      { ...auth, "if-match": patched.headers.get("etag")! },
    ),
  );
  await measure("POST /api/tickets/:id/replies", [6, 20], () =>
    send("POST", `/api/tickets/${id}/replies`, { body: "On it" }, auth),
  );
  await measure("POST /api/tickets/:id/notes", [5, 15], () =>
    send("POST", `/api/tickets/${id}/notes`, { body: "Internal" }, auth),
  );
  // What an open agent app polls (web/app/src/live.ts): the README's cost per agent-hour is built on these.
  await measure("GET /api/changes (queue's change marker)", [3, 0], () =>
    send("GET", "/api/changes", undefined, auth),
  );
  await measure("PUT /api/tickets/:id/presence", [4, 1], () =>
    send("PUT", `/api/tickets/${id}/presence`, { state: "viewing" }, auth),
  );
  await measure("GET /api/tickets/:id/presence", [3, 0], () =>
    send("GET", `/api/tickets/${id}/presence`, undefined, auth),
  );
  const etag = (await send("GET", `/api/tickets/${id}`, undefined, auth)).headers.get("etag")!;
  await measure("GET /api/tickets/:id, If-None-Match (304)", [3, 0], () =>
    send("GET", `/api/tickets/${id}`, undefined, { ...auth, "if-none-match": etag }),
  );
  const bearer = { authorization: `Bearer ${created.json.portalToken}` };
  await measure("GET /api/portal/tickets/:id", [3, 0], () =>
    send("GET", `/api/portal/tickets/${id}`, undefined, bearer),
  );
  await measure("POST /api/portal/tickets/:id/messages", [9, 20], () =>
    send("POST", `/api/portal/tickets/${id}/messages`, { message: "Thanks" }, bearer),
  );
  return rows;
}
