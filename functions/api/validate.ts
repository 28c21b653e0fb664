import type { Hook } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { z } from "zod";
import { DeskError } from "../../core/error.ts";
import { validationError } from "./errors.ts";

/** Every zod-openapi validation failure becomes the desk's 400 `validation` error. */
// biome-ignore lint/suspicious/noExplicitAny: the hook is shared by every route
export const defaultHook: Hook<any, any, any, any> = (result) => {
  if (!result.success) throw validationError(result.error as z.ZodError);
};

/** Reads a JSON or form-encoded body (the web form posts either) and validates it. */
export async function readJsonOrForm<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const type = c.req.header("content-type")?.split(";")[0]?.trim().toLowerCase();
  let raw: unknown;
  if (type === "application/json") {
    raw = await c.req.json().catch(() => {
      throw new DeskError("validation", "invalid_json", "The body is not valid JSON");
    });
  } else if (type === "application/x-www-form-urlencoded" || type === "multipart/form-data") {
    raw = await c.req.parseBody();
  } else {
    throw new DeskError(
      "unsupported_media_type",
      "unsupported_media_type",
      "Send application/json or a form",
    );
  }
  const result = schema.safeParse(raw);
  if (!result.success) throw validationError(result.error);
  return result.data;
}
