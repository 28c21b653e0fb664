import type { z } from "zod";
import { store } from "../store/index.ts";

/**
 * Named desk settings (triage, business hours, SLA policies…): each is validated by its zod schema when it is
 * written and read back through the same schema, so a setting never stored yet reads as `fallback` (by default
 * `{}`: the schema's defaults).
 */
export async function readSetting<S extends z.ZodType>(
  name: string,
  schema: S,
  fallback: unknown = {},
): Promise<z.output<S>> {
  const { data } = await store().entities.setting.get({ name }).go();
  return schema.parse(data?.value ?? fallback);
}

export async function writeSetting<S extends z.ZodType>(
  name: string,
  schema: S,
  input: unknown,
  by?: string,
  now = new Date(),
): Promise<z.output<S>> {
  const value = schema.parse(input);
  await store().entities.setting.put({ name, value, updatedAt: now.toISOString(), updatedBy: by }).go();
  return value;
}
