import { OpenAPIHono } from "@hono/zod-openapi";
import { defaultHook } from "../validate.ts";
import { admin, directory } from "./admin.ts";
import { adminDesk } from "./admin-desk.ts";
import { adminTriage } from "./admin-triage.ts";
import { attachments } from "./attachments.ts";
import { auth } from "./auth.ts";
import { held } from "./held.ts";
import { live } from "./live.ts";
import { me } from "./me.ts";
import { search } from "./search.ts";
import { sla } from "./sla.ts";
import { ticketActions } from "./ticket-actions.ts";
import { tickets } from "./tickets.ts";
import { workspace } from "./workspace.ts";

/**
 * The agent app's route modules, in the order they were always mounted, as one app: the API imports it on the
 * first request that is not the web form's, mail's or a health check's (functions/api/app.ts), so a customer's
 * first submission after a quiet hour does not build the agents' routes and schemas. One module rather than one
 * per file: their guards overlap (`/tickets/*` is guarded by four of them), and a request falling through from
 * one lazily loaded app to the next would run the session check again.
 */
export function agentRoutes() {
  const app = new OpenAPIHono({ defaultHook });
  for (const routes of [
    auth,
    me,
    tickets,
    attachments,
    held,
    ticketActions,
    admin,
    adminTriage,
    adminDesk,
    sla,
    workspace,
    live,
    search,
    directory,
  ])
    app.route("/", routes);
  return app;
}
