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

/** The one answer for a body that cannot be read at all (broken JSON, truncated or boundary-less multipart). */
export const malformedBody = (what: string) =>
  new DeskError("validation", "malformed_body", `The request body is not valid ${what}`);

/** A form body (url-encoded or multipart) as fields, or a 400 `malformed_body` when it cannot be parsed. */
export async function readForm(c: Context): Promise<Record<string, unknown>> {
  try {
    return await c.req.parseBody();
  } catch {
    // undici's FormData parser throws a bare TypeError on a missing boundary or a truncated part.
    throw malformedBody("form data");
  }
}

/** The request's media type, without parameters, in lower case (`multipart/form-data`), or undefined. */
export const mediaType = (c: Context) => c.req.header("content-type")?.split(";")[0]?.trim().toLowerCase();

/** Reads a JSON or form-encoded body (the web form posts either) and validates it. */
export async function readJsonOrForm<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const type = mediaType(c);
  let raw: unknown;
  if (type === "application/json") {
    raw = await c.req.json().catch(() => {
      throw malformedBody("JSON");
    });
  } else if (type === "application/x-www-form-urlencoded" || type === "multipart/form-data") {
    raw = await readForm(c);
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
