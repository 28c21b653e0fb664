// The satisfaction survey's answer: a rating or a comment, keyed by the survey link's token.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { checkCsatToken, rate } from "../../../core/csat/csat.ts";
import { DeskError } from "../../../core/error.ts";
import { multiLine } from "../../../core/text.ts";
import { errors, json, jsonBody } from "../schemas.ts";
import { defaultHook } from "../validate.ts";

export const portalCsat = new OpenAPIHono({ defaultHook });

portalCsat.openapi(
  createRoute({
    method: "post",
    path: "/csat/{token}",
    summary: "Rate the support or add a comment, from the survey link (no sign-in; the token is the key)",
    request: {
      params: z.object({ token: z.string().min(1).max(300) }),
      body: jsonBody(
        z.object({
          rating: z.enum(["good", "bad"]).optional(),
          comment: multiLine().trim().max(2000).optional(),
        }),
      ),
    },
    responses: {
      200: json(z.object({ rating: z.enum(["good", "bad"]).nullable() })),
      ...errors(400, 401, 404),
    },
  }),
  async (c) => {
    const check = await checkCsatToken(c.req.valid("param").token);
    if (!check.ok && check.reason === "revoked")
      throw new DeskError("unauthorized", "link_revoked", "This survey link was ended by the support team");
    if (!check.ok)
      throw new DeskError("validation", "invalid_token", "This survey link is not valid or has expired");
    const ticket = await rate(check.ticketId, c.req.valid("json"));
    return c.json({ rating: ticket.csatRating ?? null }, 200);
  },
);
