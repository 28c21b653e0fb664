import { OpenAPIHono, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { safeEqual, withAnySecret } from "../../../core/auth/crypto.ts";
import { config } from "../../../core/config.ts";
import { DeskError } from "../../../core/error.ts";
import { storeInboundMail } from "../../../core/mail/raw-store.ts";
import { errors, json } from "../schemas.ts";
import { defaultHook } from "../validate.ts";

/** Lambda function URLs take at most 6 MB; SES (S3 action) takes mail up to 40 MB. */
export const INBOUND_MAX_BYTES = 6 * 1024 * 1024;

/**
 * Raw RFC 822 mail over HTTP, for other mail providers or a mail server pipe. Stored where SES's S3 action
 * stores mail, so it takes the same path: S3 notification, InboundMail queue, filing worker.
 */
export const inbound = new OpenAPIHono({ defaultHook });

inbound.openAPIRegistry.registerPath({
  method: "post",
  path: "/inbound/email",
  summary: "Submit a raw RFC 822 message (Bearer DESK_INBOUND_SECRET)",
  security: [{ inboundSecret: [] }],
  request: { body: { required: true, content: { "message/rfc822": { schema: z.string() } } } },
  responses: {
    202: json(z.object({ accepted: z.literal(true), key: z.string() }), "Stored and queued for filing"),
    ...errors(400, 401, 413),
  },
});

inbound.post(
  "/inbound/email",
  async (c, next) => {
    const token = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1] ?? "";
    if (!withAnySecret(config().inboundSecrets, (secret) => safeEqual(token, secret))) {
      throw new DeskError("unauthorized", "unauthorized", "This endpoint needs the inbound mail secret");
    }
    await next();
  },
  bodyLimit({
    maxSize: INBOUND_MAX_BYTES,
    onError: () => {
      throw new DeskError(
        "payload_too_large",
        "payload_too_large",
        "Messages over 6 MB must come through SES",
      );
    },
  }),
  async (c) => {
    const raw = new Uint8Array(await c.req.arrayBuffer());
    // Anything non-empty is accepted: a message without headers is still filed as best it can be.
    if (raw.length === 0) throw new DeskError("validation", "not_a_message", "The body is empty");
    const key = await storeInboundMail(raw);
    return c.json({ accepted: true as const, key }, 202);
  },
);
