import type { z } from "zod";
import { untilProcessed } from "../store/batch-retry.ts";
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

/**
 * The stored values of several settings, read as `readSetting` reads one (eventually consistent) but in one
 * BatchGetItem: one round trip and one request where a GetItem each would be several. A name never stored is
 * absent from the map (its reader applies its own fallback).
 */
export async function readStoredSettings(names: string[]): Promise<Map<string, unknown>> {
  const values = new Map<string, unknown>();
  await untilProcessed(
    "BatchGetItem",
    names.map((name) => ({ name })),
    async (keys) => {
      const { data, unprocessed } = await store().entities.setting.get(keys).go();
      for (const setting of data) values.set(setting.name, setting.value);
      return unprocessed as { name: string }[];
    },
  );
  return values;
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
