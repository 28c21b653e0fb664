import type { z } from "zod";
import { store } from "../store/index.ts";

/** A stored setting as the sweep read it: its value and when it was last written (for conditional clears). */
export interface StoredSetting {
  value: unknown;
  updatedAt: string;
  /** Markers raised by doubts (agent load checks): when the last one was raised. */
  doubtedAt?: string;
}

/**
 * Every desk setting, read once per sweep run: one Query of the small config partition (`SETTING#…` items, a
 * few KB, so 0.5 read unit eventually consistent) instead of one GetItem per setting and step. The steps take
 * their settings from here (recompute job, SLA calendar and policies, triage, upgrade state, outbox marker).
 */
export class SweepSettings {
  private readonly items: Map<string, StoredSetting>;
  private constructor(items: Map<string, StoredSetting>) {
    this.items = items;
  }

  static async read(): Promise<SweepSettings> {
    const { data } = await store().entities.setting.query.byName({}).go({ pages: "all" });
    return new SweepSettings(
      new Map(
        data.map((s) => [
          s.name,
          { value: s.value, updatedAt: s.updatedAt, doubtedAt: s.doubtedAt } satisfies StoredSetting,
        ]),
      ),
    );
  }

  /** A setting parsed by its schema, as `readSetting` would return it (`fallback` when never stored). */
  get<S extends z.ZodType>(name: string, schema: S, fallback: unknown = {}): z.output<S> {
    return schema.parse(this.items.get(name)?.value ?? fallback);
  }

  /** The stored item itself, or undefined when the setting was never written (markers). */
  stored(name: string): StoredSetting | undefined {
    return this.items.get(name);
  }

  /** The stored items whose name starts with `prefix` (markers kept one per agent). */
  named(prefix: string): { name: string; stored: StoredSetting }[] {
    return [...this.items]
      .filter(([name]) => name.startsWith(prefix))
      .map(([name, stored]) => ({ name, stored }));
  }
}

/**
 * Deletes a marker setting only if it is still the one the sweep read (same `updatedAt`): a writer that set it
 * again meanwhile keeps it for the next run.
 */
export async function clearMarker(name: string, read: StoredSetting | { updatedAt: string }): Promise<void> {
  await store()
    .entities.setting.delete({ name })
    .where((attr, { eq }) => eq(attr.updatedAt, read.updatedAt))
    .go()
    .catch((error: unknown) => {
      if (!String(error).includes("conditional request failed")) throw error;
    });
}
