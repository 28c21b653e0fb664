// The customer's routes (one module, imported on the first /portal or /csat request: functions/api/app.ts).
import { OpenAPIHono } from "@hono/zod-openapi";
import { defaultHook } from "../validate.ts";
import { portalCsat } from "./portal-csat.ts";
import { portalMessages } from "./portal-messages.ts";
import { portalSession } from "./portal-session.ts";
import { portalTicket } from "./portal-ticket.ts";

/**
 * The customer's side of one ticket, authorised by its signed portal token. A token for another ticket is
 * answered like a ticket that does not exist (404), so tokens reveal nothing about other tickets.
 */
export const portal = new OpenAPIHono({ defaultHook });
for (const routes of [portalTicket, portalMessages, portalCsat, portalSession]) portal.route("/", routes);
