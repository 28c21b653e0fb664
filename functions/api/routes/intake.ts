import { OpenAPIHono, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { hitRateLimit, limits } from "../../../core/auth/rate-limit.ts";
import { DeskError } from "../../../core/error.ts";
import { createTicket, fromSubmission } from "../../../core/ticket/create.ts";
import { TicketSubmission } from "../../../core/ticket/input.ts";
import { clientIp } from "../env.ts";
import { errors, json } from "../schemas.ts";
import { defaultHook, readJsonOrForm } from "../validate.ts";

export const INTAKE_MAX_BYTES = 128 * 1024;

const Created = z
  .object({ id: z.string(), number: z.number().int(), portalToken: z.string() })
  .openapi("TicketCreated");

/** Public intake from the web form. */
export const intake = new OpenAPIHono({ defaultHook });

intake.openAPIRegistry.registerPath({
  method: "post",
  path: "/tickets",
  summary: "Submit a ticket (public web form)",
  request: {
    headers: z.object({ "idempotency-key": z.string().max(200).optional() }),
    body: {
      required: true,
      content: {
        "application/json": { schema: TicketSubmission },
        "application/x-www-form-urlencoded": { schema: TicketSubmission },
      },
    },
  },
  responses: {
    201: json(Created, "Created (or the earlier ticket for a repeated Idempotency-Key)"),
    ...errors(400, 409, 413, 415, 429),
  },
});

intake.post(
  "/tickets",
  bodyLimit({
    maxSize: INTAKE_MAX_BYTES,
    onError: () => {
      throw new DeskError(
        "payload_too_large",
        "payload_too_large",
        `The submission is over ${INTAKE_MAX_BYTES / 1024} KB`,
      );
    },
  }),
  async (c) => {
    const idempotencyKey = c.req.header("idempotency-key")?.trim() || undefined;
    if (idempotencyKey && !/^[\w.:-]{8,200}$/.test(idempotencyKey)) {
      throw new DeskError(
        "validation",
        "validation",
        "Idempotency-Key must be 8 to 200 letters, digits or ._:-",
        {
          fields: { "Idempotency-Key": "8 to 200 letters, digits or ._:-" },
        },
      );
    }
    const input = await readJsonOrForm(c, TicketSubmission);
    const now = new Date();
    await hitRateLimit(`submit-ip:${clientIp(c)}`, limits.submissionsPerIp(), now, idempotencyKey);
    await hitRateLimit(`submit-email:${input.email}`, limits.submissionsPerEmail(), now, idempotencyKey);
    const { ticket, portalToken } = await createTicket(
      fromSubmission(input, c.req.header("accept-language")),
      { type: "customer", name: input.name, email: input.email },
      { idempotencyKey },
    );
    return c.json({ id: ticket.ticketId, number: ticket.number, portalToken }, 201);
  },
);
