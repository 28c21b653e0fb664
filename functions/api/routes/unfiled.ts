import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  dismissUnfiled,
  fileUnfiledByHand,
  listUnfiled,
  unfiledOriginal,
} from "../../../core/mail/unfiled-list.ts";
import { TEXT_LIMITS } from "../../../core/text-limits.ts";
import { requireAdmin, requireAgent } from "../auth.ts";
import type { AgentEnv } from "../env.ts";
import { errors, json, jsonBody } from "../schemas.ts";
import { defaultHook } from "../validate.ts";

const security: Record<string, string[]>[] = [{ session: [] }, { apiToken: [] }];
const Id = z.object({ id: z.string().min(1).max(64) });
const Unfiled = z
  .object({
    id: z.string(),
    reason: z.string(),
    detail: z.string(),
    receivedAt: z.string(),
    from: z
      .object({
        address: z.string().nullable(),
        name: z.string().nullable(),
        /** False for an address filing by hand refuses (400 `invalid_requester`): the desk's own, a no-reply box. */
        usableAsRequester: z.boolean(),
      })
      .nullable(),
    subject: z.string().nullable(),
    size: z.number(),
    setAside: z.enum(["ignored", "quarantined"]).nullable(),
    expiresAt: z.string().nullable(),
  })
  .openapi("UnfiledMail");
const FileByHand = z.object({
  requesterEmail: z.string().trim().email().max(254),
  requesterName: z.string().trim().max(TEXT_LIMITS.requesterName).optional(),
});

/** Mail the desk could not file or set aside, for admins: list, download the original, file by hand, dismiss. */
export const unfiled = new OpenAPIHono<AgentEnv>({ defaultHook });
unfiled.use("/admin/unfiled/*", requireAgent, requireAdmin);

unfiled.openapi(
  createRoute({
    method: "get",
    path: "/admin/unfiled",
    security,
    summary:
      "Inbound mail that could not be filed or was set aside (automatic replies to closed tickets, loops, stray reports, viruses), newest first, with its reason",
    request: {
      query: z.object({
        cursor: z.string().max(2000).optional(),
        limit: z.coerce.number().int().min(1).max(100).default(25),
      }),
    },
    responses: {
      200: json(z.object({ items: z.array(Unfiled), cursor: z.string().nullable() })),
      ...errors(400, 401, 403),
    },
  }),
  async (c) => {
    const { limit, cursor } = c.req.valid("query");
    return c.json(await listUnfiled(limit, cursor), 200);
  },
);

unfiled.openapi(
  createRoute({
    method: "get",
    path: "/admin/unfiled/{id}/original",
    security,
    summary: "The raw original (.eml) of an unfiled message (not of a quarantined one: 409)",
    request: { params: Id },
    responses: { 200: { description: "message/rfc822" }, ...errors(401, 403, 404, 409) },
  }),
  async (c) => {
    const { raw, name } = await unfiledOriginal(c.req.valid("param").id);
    return new Response(new Uint8Array(raw), {
      headers: {
        "content-type": "message/rfc822",
        "content-disposition": `attachment; filename="${name.replace(/[^\w.-]+/g, "_")}"`,
        "x-content-type-options": "nosniff",
        "content-security-policy": "sandbox",
        "cache-control": "private, no-store",
      },
    });
  },
);

unfiled.openapi(
  createRoute({
    method: "post",
    path: "/admin/unfiled/{id}/file",
    security,
    summary: "File an unfiled or set-aside message by hand, as a new ticket from the requester named",
    request: { params: Id, body: jsonBody(FileByHand) },
    responses: { 201: json(z.object({ ticketId: z.string() })), ...errors(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const { requesterEmail, requesterName } = c.req.valid("json");
    const filed = await fileUnfiledByHand(c.req.valid("param").id, {
      email: requesterEmail,
      name: requesterName,
    });
    return c.json(filed, 201);
  },
);

unfiled.openapi(
  createRoute({
    method: "delete",
    path: "/admin/unfiled/{id}",
    security,
    summary: "Dismiss an unfiled message (its original stays in the bucket)",
    request: { params: Id },
    responses: { 204: { description: "Dismissed" }, ...errors(401, 403, 404) },
  }),
  async (c) => {
    await dismissUnfiled(c.req.valid("param").id);
    return c.body(null, 204);
  },
);
