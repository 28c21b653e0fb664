import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { DESK_ALIASES_MAX } from "../../../core/desk/aliases.ts";
import { DESK_NAME_MAX, deskNameSetting, saveDeskName } from "../../../core/desk/name.ts";
import { requireAdmin, requireAgent } from "../auth.ts";
import { type AgentEnv, etagOf, ifMatchVersion } from "../env.ts";
import { errors, IfMatchHeader, json, jsonBody } from "../schemas.ts";
import { defaultHook } from "../validate.ts";

const security: Record<string, string[]>[] = [{ session: [] }, { apiToken: [] }];
const Names = z.object({ en: z.string(), fr: z.string() });
const DeskSetting = z
  .object({
    name: z.string().nullable(),
    nameFr: z.string().nullable(),
    aliases: z.array(z.string()).openapi({
      description: "The desk's other addresses (billing@, an old support address forwarding to it…)",
    }),
    mailFrom: z.string().openapi({ description: "The desk's sending address (DESK_MAIL_FROM's)" }),
    signs: Names.openapi({ description: "The names mail is signed with now, in each language" }),
    deployDefault: Names.openapi({ description: "What mail signs with when no name is set (DESK_NAME)" }),
    version: z.number(),
  })
  .openapi("DeskName");
// Checked in full by core (control, bidi and line-break characters refused there with `invalid_desk_name`).
const DeskNameBody = z
  .object({
    name: z.string().max(500).nullable().optional(),
    nameFr: z.string().max(500).nullable().optional(),
    aliases: z
      .array(z.string().max(1000))
      .max(1000)
      .optional()
      .openapi({
        description: `The desk's other addresses (at most ${DESK_ALIASES_MAX}): never copied, never a requester, mail from one is a loop. Left out: unchanged. 400 \`invalid_desk_alias\`, \`duplicate_desk_alias\`, \`desk_alias_is_mail_from\`, \`too_many_desk_aliases\` (addresses in \`params.addresses\`)`,
      }),
  })
  .openapi("DeskNameInput", {
    description: `The desk's name (at most ${DESK_NAME_MAX} characters) and its French form; null or empty: back to DESK_NAME. Its other addresses`,
  });

/** Admin only: the desk's name, which every mail it sends is signed with (and which its From header shows). */
export const adminDesk = new OpenAPIHono<AgentEnv>({ defaultHook });
adminDesk.use("/admin/desk", requireAgent, requireAdmin);

adminDesk.openapi(
  createRoute({
    method: "get",
    path: "/admin/desk",
    security,
    summary: "The desk's name and other addresses",
    responses: { 200: json(DeskSetting), ...errors(401, 403) },
  }),
  async (c) => {
    const setting = await deskNameSetting();
    c.header("ETag", etagOf(setting.version));
    return c.json(setting, 200);
  },
);

adminDesk.openapi(
  createRoute({
    method: "put",
    path: "/admin/desk",
    security,
    summary: "Name the desk (mail signs and is sent with it within a minute); If-Match optional",
    request: { headers: IfMatchHeader, body: jsonBody(DeskNameBody) },
    responses: { 200: json(DeskSetting), ...errors(400, 401, 403, 412) },
  }),
  async (c) => {
    const saved = await saveDeskName(c.req.valid("json"), c.get("agent").agentId, ifMatchVersion(c));
    c.header("ETag", etagOf(saved.version));
    return c.json(saved, 200);
  },
);
