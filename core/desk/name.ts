import * as z from "zod";
import { config, frenchDeskName } from "../config.ts";
import { DeskError } from "../error.ts";
import { type ExpectedVersion, versionMatches } from "../expected-version.ts";
import { bareAddress } from "../mail/message-id.ts";
import type { SweepSettings } from "../sla/sweep-settings.ts";
import { store } from "../store/index.ts";
import { TEXT_LIMITS } from "../text-limits.ts";
import { checkDeskAliases } from "./aliases.ts";
import type { DeskNames } from "./signature.ts";

const SETTING = "desk-name";
export const DESK_NAME_MAX = TEXT_LIMITS.deskName;

/**
 * Control characters (CR/LF among them: the name goes into the From header as a display name), line and
 * paragraph separators, and bidi controls (which can make "Acme" read as anything in a mail client).
 */
const FORBIDDEN = /[\p{Cc}\u2028\u2029\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/**
 * An RFC 2047 encoded-word ("=?UTF-8?Q?…?="): the composer quotes it, yet mail clients (and mailparser) decode it
 * in a From name, past the checks above, into a name other than the one the admin screen shows.
 */
const ENCODED_WORD = /=\?[^?]*\?[bq]\?[^?]*\?=/i;

const NameText = z
  .string()
  .trim()
  .max(DESK_NAME_MAX, `At most ${DESK_NAME_MAX} characters`)
  .refine((s) => !FORBIDDEN.test(s), {
    message: "No line breaks, control or text-direction characters",
    params: { code: "invalid_desk_name" },
  })
  .refine((s) => !ENCODED_WORD.test(s), {
    message: "No encoded-word (=?…?=) sequences",
    params: { code: "invalid_desk_name" },
  });

/** What an admin sends: the name, and its French form if it differs (empty or null: not set). */
export const DeskNameInput = z
  .object({
    name: NameText.nullable().optional(),
    nameFr: NameText.nullable().optional(),
    /** Checked by `checkDeskAliases`, with codes of its own. */
    aliases: z.unknown().optional(),
  })
  .strict()
  .transform((v) => ({ name: v.name || null, nameFr: v.nameFr || null, aliases: v.aliases }))
  .refine((v) => !(v.nameFr && !v.name), {
    message: "Set the name before its French form",
    path: ["nameFr"],
    params: { code: "invalid_desk_name" },
  });
export type DeskNameInput = z.output<typeof DeskNameInput>;

/** As stored: the admin's fields and a version that moves on each change (the ETag). */
const Stored = z.object({
  name: z.string().nullable().default(null),
  nameFr: z.string().nullable().default(null),
  /** The desk's other addresses (core/desk/aliases.ts), beside DESK_MAIL_FROM's: never copied, never a requester. */
  aliases: z.array(z.string()).default([]),
  version: z.number().int().default(0),
});
type Stored = z.output<typeof Stored>;

/** The names mail uses for what is stored: the admin's, else the deploy-time DESK_NAME (French: see frenchDeskName). */
export function namesOf(stored: Pick<Stored, "name" | "nameFr">): DeskNames {
  const deploy = config().deskName;
  if (!stored.name) return { en: deploy, fr: frenchDeskName(deploy), from: null };
  const fr = stored.nameFr ?? stored.name;
  return { en: stored.name, fr, from: { en: stored.name, fr } };
}

let cached: { at: number; names: DeskNames; aliases: string[] } | undefined;
/** Read at most once a minute per process (a save here refreshes at once; other processes within the minute). */
const CACHE_MS = 60_000;
let reading: Promise<Stored> | undefined;
/** Moved by every save: a read begun before it answers its caller but is not cached. */
let generation = 0;

/**
 * The names every mail is signed with. Cached per process for a minute, so that no mail costs a read: a warm
 * worker reads the setting (one GetItem, 0.5 RRU) at most once a minute, and the sweep primes it from the
 * settings Query it already makes (`rememberDeskNames`).
 */
export async function deskNames(now = Date.now()): Promise<DeskNames> {
  if (cached && now - cached.at < CACHE_MS) return cached.names;
  return namesOf(await readShared(now));
}

/**
 * The desk's other addresses an admin listed (lower case), cached with the names: the same item, the same read
 * (a worker that signs a mail knows them at no cost).
 */
export async function deskAliases(now = Date.now()): Promise<string[]> {
  if (cached && now - cached.at < CACHE_MS) return cached.aliases;
  return (await readShared(now)).aliases;
}

/** One read at a time per process, cached unless a save began meanwhile. */
function readShared(now: number): Promise<Stored> {
  if (!reading) {
    const begun = generation;
    reading = readStored()
      .then((stored) => {
        if (begun === generation) cached = { at: now, names: namesOf(stored), aliases: stored.aliases };
        return stored;
      })
      .finally(() => {
        reading = undefined;
      });
  }
  return reading;
}

/** The desk's other addresses as this process last read them (none before a first read: see `deskAliases`). */
export const knownDeskAliases = (): string[] => cached?.aliases ?? [];

/**
 * The From names an admin gave the desk, as this process last read them (no read: inbound parsing is sync here
 * and must not fail on a read; `fileInboundMail` refreshes them beside its own first read).
 */
export function knownDeskFromNames(): string[] {
  const from = cached?.names.from;
  return from ? [from.en, from.fr] : [];
}

/**
 * The sweep's one settings Query carries this setting too: no read of its own in a sweep run. `readBegunAt`:
 * `deskNameGeneration()` before that Query, so that a save in this process meanwhile (the local stack runs the
 * API beside the sweep) is not overwritten by what the Query read.
 */
export function rememberDeskNames(settings: SweepSettings, readBegunAt: number, now = Date.now()): void {
  rememberStoredDeskName(settings.stored(SETTING)?.value, readBegunAt, now);
}

/** The setting's name, for a reader that fetches it beside its own settings (core/sla/policy.ts). */
export const DESK_NAME_SETTING = SETTING;

/**
 * Remembers the setting as another settings read found it (undefined: never stored), so that the mail a
 * process sends soon after costs no read. Skipped when a save here began after that read did.
 */
export function rememberStoredDeskName(value: unknown, readBegunAt: number, now = Date.now()): void {
  if (readBegunAt !== generation) return;
  // An unreadable value is left for `deskNames`' own read to report (it throws there, where a mail waits on it).
  const parsed = Stored.safeParse(value ?? {});
  if (parsed.success) cached = { at: now, names: namesOf(parsed.data), aliases: parsed.data.aliases };
}

/** The save generation, for `rememberStoredDeskName`'s caller to note when its read begins. */
export const deskNameGeneration = () => generation;

export function forgetDeskNames(): void {
  cached = undefined;
  reading = undefined;
  generation++;
}

async function readStored(): Promise<Stored & { updatedAt?: string }> {
  const { data } = await store().entities.setting.get({ name: SETTING }).go();
  return { ...Stored.parse(data?.value ?? {}), updatedAt: data?.updatedAt };
}

/** What the admin screen shows: the stored fields, the names mail uses now, and the deploy-time default. */
export async function deskNameSetting() {
  const stored = await readStored();
  return view(stored);
}

function view(stored: Stored) {
  const deploy = config().deskName;
  const { en, fr } = namesOf(stored);
  return {
    name: stored.name,
    nameFr: stored.nameFr,
    aliases: stored.aliases,
    mailFrom: bareAddress(config().mailFrom),
    signs: { en, fr },
    deployDefault: { en: deploy, fr: frenchDeskName(deploy) },
    version: stored.version,
  };
}
export type DeskNameSetting = ReturnType<typeof view>;

/**
 * Names the desk (or clears it back to the deploy-time default). Idempotent: the same names again write nothing
 * and keep the version. With `expectedVersion` (If-Match) a stale one is refused; the write itself is
 * conditioned on the item read, so two admins saving at once cannot both win.
 */
export async function saveDeskName(
  input: unknown,
  by: string,
  expectedVersion?: ExpectedVersion,
  now = new Date(),
): Promise<DeskNameSetting> {
  const parsed = DeskNameInput.safeParse(input);
  if (!parsed.success) {
    const fields = Object.fromEntries(
      parsed.error.issues.map((i) => [i.path.join(".") || "body", i.message]),
    );
    throw new DeskError("validation", "invalid_desk_name", "The desk's name is not valid", { fields });
  }
  const current = await readStored();
  // Aliases left out keep the stored list (a client that predates them saves the name alone).
  const aliases = parsed.data.aliases === undefined ? current.aliases : checkDeskAliases(parsed.data.aliases);
  const next = { ...parsed.data, aliases };
  if (!versionMatches(expectedVersion, current.version)) throw stale();
  if (
    current.name === next.name &&
    current.nameFr === next.nameFr &&
    current.aliases.join(",") === aliases.join(",")
  )
    return view(current);
  const value: Stored = { ...next, version: current.version + 1 };
  const item = { name: SETTING, value, updatedAt: now.toISOString(), updatedBy: by };
  try {
    if (current.updatedAt === undefined) await store().entities.setting.create(item).go();
    else
      await store()
        .entities.setting.put(item)
        .where((attr, { eq }) => eq(attr.updatedAt, current.updatedAt as string))
        .go();
  } catch (error) {
    if (String(error).includes("conditional request failed")) throw stale();
    throw error;
  }
  forgetDeskNames();
  return view(value);
}

const stale = () =>
  new DeskError("precondition_failed", "stale_version", "The desk's name changed since you loaded it");

/**
 * What the local stack's start banner says while nobody named the desk (neither an admin nor DESK_NAME): every
 * mail is signed with the placeholder, and where to change it.
 */
export async function deskNameNotice(): Promise<string[]> {
  if (process.env.DESK_NAME) return [];
  const stored = await readStored();
  if (stored.name) return [];
  return [
    `Desk name: mail is signed "${config().deskName}" ("${frenchDeskName(config().deskName)}" in French) until an admin names the desk`,
    "(Agent app → Admin → Desk; DESK_NAME sets this default at deploy time).",
  ];
}
