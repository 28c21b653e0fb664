import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { notFound } from "../../../core/error.ts";
import { readStoredFile } from "../../../core/mail/raw-store.ts";
import { store } from "../../../core/store/index.ts";
import { requireAgent } from "../auth.ts";
import { attachmentDisposition } from "../content-disposition.ts";
import type { AgentEnv } from "../env.ts";
import { errors } from "../schemas.ts";
import { servedType } from "../served-type.ts";
import { defaultHook } from "../validate.ts";

const security: Record<string, string[]>[] = [{ session: [] }, { apiToken: [] }];
const Params = z.object({ id: z.string().min(1).max(64), entryId: z.string().min(1).max(64) });

/** Attachments and original messages of mail entries, for agents; always downloaded, never rendered inline. */
export const attachments = new OpenAPIHono<AgentEnv>({ defaultHook });
attachments.use("/tickets/*", requireAgent);

async function entryOf(ticketId: string, entryId: string) {
  const { data } = await store().entities.entry.get({ ticketId, entryId }).go();
  if (!data) throw notFound("Entry");
  return data;
}

const download = (body: Buffer, contentType: string, filename: string) =>
  new Response(new Uint8Array(body), {
    headers: {
      "content-type": servedType(contentType),
      "content-disposition": attachmentDisposition(filename),
      "x-content-type-options": "nosniff",
      "content-security-policy": "sandbox",
      "cache-control": "private, max-age=300",
    },
  });

attachments.openapi(
  createRoute({
    method: "get",
    path: "/tickets/{id}/entries/{entryId}/attachments/{index}",
    summary: "Download an attachment of a mail entry",
    security,
    request: { params: Params.extend({ index: z.coerce.number().int().min(0) }) },
    // 404 `file_missing`: listed, but no longer in the bucket (retention) or never stored.
    responses: { 200: { description: "The file" }, ...errors(401, 404) },
  }),
  async (c) => {
    const { id, entryId, index } = c.req.valid("param");
    const attachment = (await entryOf(id, entryId)).attachments?.[index];
    if (!attachment?.key) throw notFound("Attachment");
    return download(await readStoredFile(attachment.key), attachment.contentType, attachment.name);
  },
);

attachments.openapi(
  createRoute({
    method: "get",
    path: "/tickets/{id}/entries/{entryId}/original",
    summary: "The original raw message (.eml) of a mail entry",
    security,
    request: { params: Params },
    responses: { 200: { description: "message/rfc822" }, ...errors(401, 404) },
  }),
  async (c) => {
    const { id, entryId } = c.req.valid("param");
    const rawKey = (await entryOf(id, entryId)).mail?.rawKey;
    if (!rawKey) throw notFound("Original message");
    return download(await readStoredFile(rawKey), "message/rfc822", `${entryId}.eml`);
  },
);
