import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { except } from "hono/combine";
import { secureHeaders } from "hono/secure-headers";
import { DeskError } from "../../core/error.ts";
import { helpCenter } from "../help/app.ts";
import { csatPages } from "../help/csat.ts";
import { onError } from "./errors.ts";
import { admin, directory } from "./routes/admin.ts";
import { adminTriage } from "./routes/admin-triage.ts";
import { attachments } from "./routes/attachments.ts";
import { auth } from "./routes/auth.ts";
import { held } from "./routes/held.ts";
import { inbound } from "./routes/inbound.ts";
import { intake } from "./routes/intake.ts";
import { kb } from "./routes/kb.ts";
import { live } from "./routes/live.ts";
import { me } from "./routes/me.ts";
import { operations } from "./routes/operations.ts";
import { portal } from "./routes/portal.ts";
import { reports } from "./routes/reports.ts";
import { search } from "./routes/search.ts";
import { sla } from "./routes/sla.ts";
import { ticketActions } from "./routes/ticket-actions.ts";
import { tickets } from "./routes/tickets.ts";
import { unfiled } from "./routes/unfiled.ts";
import { workspace } from "./routes/workspace.ts";
import { defaultHook } from "./validate.ts";

/**
 * The exact POST routes that set their own body limit (each with a bodyLimit of its own, checked where the route
 * is declared): anything else — even a path that merely ends in `notes` or `tickets` — keeps the 1 MB limit.
 */
const OWN_BODY_LIMIT = [
  /^\/api\/inbound\/email$/,
  /^\/api\/tickets$/,
  /^\/api\/agent\/tickets$/,
  /^\/api\/tickets\/[^/]+\/(replies|notes)$/,
  /^\/api\/portal\/tickets\/[^/]+\/messages$/,
];

/** The desk's HTTP API: the same app runs on Lambda (lambda.ts) and locally (infra/local). */
export function createApp() {
  const api = new OpenAPIHono({ defaultHook });
  api.use("*", secureHeaders({ crossOriginResourcePolicy: "same-origin" }));
  api.use("*", async (c, next) => {
    await next();
    if (!c.res.headers.has("Cache-Control")) c.header("Cache-Control", "no-store");
  });
  api.use(
    "*",
    // Raw mail and writes that carry files (replies, notes, customer messages, new tickets) have their own limits, up
    // to Lambda's 6 MB; the web form's intake keeps 128 KB unless it sends files.
    except(
      (c) => c.req.method === "POST" && OWN_BODY_LIMIT.some((route) => route.test(c.req.path)),
      bodyLimit({
        maxSize: 1024 * 1024,
        onError: () => {
          throw new DeskError("payload_too_large", "payload_too_large", "The request body is over 1 MB");
        },
      }),
    ),
  );
  api.route("/", operations);
  api.route("/", intake);
  api.route("/", inbound);
  api.route("/", portal);
  api.route("/", auth);
  api.route("/", me);
  api.route("/", tickets);
  api.route("/", attachments);
  api.route("/", held);
  api.route("/", ticketActions);
  api.route("/", unfiled);
  api.route("/", admin);
  api.route("/", adminTriage);
  api.route("/", sla);
  api.route("/", workspace);
  api.route("/", live);
  api.route("/", search);
  api.route("/", kb);
  api.route("/", reports);
  api.route("/", directory);
  api.openAPIRegistry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "desk_session",
    description: "Session cookie from POST /api/auth/login; writes also need X-CSRF-Token",
  });
  api.openAPIRegistry.registerComponent("securitySchemes", "apiToken", { type: "http", scheme: "bearer" });
  api.openAPIRegistry.registerComponent("securitySchemes", "inboundSecret", {
    type: "http",
    scheme: "bearer",
  });
  api.openAPIRegistry.registerComponent("securitySchemes", "portalToken", {
    type: "http",
    scheme: "bearer",
    description: "The customer's per-ticket token returned when the ticket was created",
  });
  api.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: "Help desk API", version: "1.0.0" },
    servers: [{ url: "/api" }],
  });
  api.onError(onError);

  const app = new OpenAPIHono();
  app.route("/api", api);
  app.route("/", helpCenter());
  app.route("/", csatPages());
  app.all("/api/*", (c) => c.json({ error: { code: "not_found", message: "No such endpoint" } }, 404));
  app.notFound((c) => c.json({ error: { code: "not_found", message: "Not found" } }, 404));
  app.onError(onError);
  return app;
}

export type DeskApp = ReturnType<typeof createApp>;
