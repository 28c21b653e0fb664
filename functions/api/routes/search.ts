import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { searchTickets } from "../../../core/search/search.ts";
import { Email } from "../../../core/ticket/input.ts";
import { toTicket } from "../../../core/ticket/model.ts";
import { findTicketByNumber, listRequesterTickets } from "../../../core/ticket/read.ts";
import { requireAgent } from "../auth.ts";
import type { AgentEnv } from "../env.ts";
import { errors, json, TicketOut } from "../schemas.ts";
import { defaultHook } from "../validate.ts";

const security: Record<string, string[]>[] = [{ session: [] }, { apiToken: [] }];

/** One search box: `#1042` finds that ticket, an address that requester's tickets, anything else full text. */
export const search = new OpenAPIHono<AgentEnv>({ defaultHook });
search.use("/search", requireAgent);

search.openapi(
  createRoute({
    method: "get",
    path: "/search",
    security,
    summary: "Search tickets: by number (#1042), requester email, or every word in subjects and messages",
    request: { query: z.object({ q: z.string().trim().min(1).max(200) }) },
    responses: {
      200: json(
        z.object({
          kind: z.enum(["number", "email", "text"]),
          items: z.array(TicketOut),
          truncated: z.boolean(),
        }),
      ),
      ...errors(400, 401),
    },
  }),
  async (c) => {
    const { q } = c.req.valid("query");
    const number = /^#?(\d{1,9})$/.exec(q)?.[1];
    if (number) {
      const found = await findTicketByNumber(Number(number)).catch(() => null);
      return c.json(
        { kind: "number" as const, items: found ? [toTicket(found)] : [], truncated: false },
        200,
      );
    }
    const email = Email.safeParse(q);
    if (email.success) {
      // As stored: lower case, the domain in ASCII (an agent may type the Unicode form the app shows).
      const page = await listRequesterTickets(email.data, undefined, 50);
      return c.json({ kind: "email" as const, items: page.items, truncated: page.cursor !== null }, 200);
    }
    const { items, truncated } = await searchTickets(q);
    return c.json({ kind: "text" as const, items, truncated }, 200);
  },
);
