import * as z from "zod";
import { sha256 } from "../auth/crypto.ts";
import { DESK_NAME_SETTING, deskNameGeneration, rememberStoredDeskName } from "../desk/name.ts";
import { readSetting, readStoredSettings, writeSetting } from "../desk/settings.ts";
import type { PRIORITIES } from "../store/entities/ticket.ts";
import type { TicketItem } from "../store/index.ts";
import { BusinessHours, defaultBusinessHours } from "./calendar.ts";
import type { SweepSettings } from "./sweep-settings.ts";

type Priority = (typeof PRIORITIES)[number];
const Minutes = z.number().int().min(1).max(525_600);

const Targets = {
  /** Business minutes until the first public agent reply. */
  firstResponseMinutes: Minutes,
  /** Business minutes until the ticket is solved. */
  resolutionMinutes: Minutes,
};

/** The SLA for one priority; `overrides` narrow it by category and/or team (the most specific one wins). */
export const SlaPolicy = z.object({
  ...Targets,
  /** Warn the owner once this share of a target has gone by. */
  warnAtPercent: z.number().int().min(1).max(99).default(75),
  /** The clock stops while the ticket waits on the customer (`pending`). */
  pauseWhenPending: z.boolean().default(true),
  /** The clock stops while an external vendor (tier L4) has the ticket. */
  pauseWhenVendor: z.boolean().default(false),
  overrides: z
    .array(
      z
        .object({ category: z.string().max(40).optional(), team: z.string().max(40).optional(), ...Targets })
        .refine((o) => o.category || o.team, "Name a category, a team or both"),
    )
    .max(50)
    .default([]),
});
export type SlaPolicy = z.output<typeof SlaPolicy>;

/** Sensible defaults in business minutes (a 9–17 day has 480). */
const DEFAULTS: Record<Priority, { firstResponseMinutes: number; resolutionMinutes: number }> = {
  urgent: { firstResponseMinutes: 30, resolutionMinutes: 240 },
  high: { firstResponseMinutes: 120, resolutionMinutes: 480 },
  normal: { firstResponseMinutes: 480, resolutionMinutes: 1440 },
  low: { firstResponseMinutes: 1440, resolutionMinutes: 2400 },
};
/** Stored policies: a priority never set falls back to its default. */
const StoredPolicies = z.object({
  low: SlaPolicy.optional(),
  normal: SlaPolicy.optional(),
  high: SlaPolicy.optional(),
  urgent: SlaPolicy.optional(),
});
const withDefaults = (stored: z.output<typeof StoredPolicies>): SlaPolicies => ({
  low: stored.low ?? SlaPolicy.parse(DEFAULTS.low),
  normal: stored.normal ?? SlaPolicy.parse(DEFAULTS.normal),
  high: stored.high ?? SlaPolicy.parse(DEFAULTS.high),
  urgent: stored.urgent ?? SlaPolicy.parse(DEFAULTS.urgent),
});
export type SlaPolicies = Record<Priority, SlaPolicy>;

/** Housekeeping the sweep does besides SLAs; per desk. */
export const Housekeeping = z.object({
  /** A `pending` ticket with no customer answer gets one reminder after this many days… */
  pendingReminderDays: z.number().min(0.01).max(365).default(3),
  /** …and is solved this many days after the reminder. */
  pendingSolveDays: z.number().min(0.01).max(365).default(4),
  /** A `solved` ticket closes after this many days. */
  solvedCloseDays: z.number().min(0.01).max(365).default(7),
  /** A customer message no agent answered for this many business hours reminds the assignee (or the team). */
  unansweredReminderHours: z.number().min(0.1).max(1000).default(4),
  /** Ask the customer "How did we do?" this long after an agent solved the ticket (0: right away). */
  csatDelayMinutes: z.number().int().min(0).max(43_200).default(60),
  csatEnabled: z.boolean().default(true),
  /** An open ticket nobody holds for this many business minutes is brought to its team (or the admins). */
  unassignedAlertMinutes: z.number().int().min(1).max(10_080).default(30),
});
export type Housekeeping = z.output<typeof Housekeeping>;

export interface SlaContext {
  hours: BusinessHours;
  /** A short fingerprint of the calendar: tickets computed on another one are recomputed. */
  hoursId: string;
  policies: SlaPolicies;
  housekeeping: Housekeeping;
}

/** Until an admin sets them: Monday–Friday 09:00–17:00 in `DESK_TIMEZONE` (default UTC). */
const readHours = () =>
  readSetting("business-hours", BusinessHours, defaultBusinessHours(process.env.DESK_TIMEZONE ?? "UTC"));

let cached: { at: number; context: SlaContext } | undefined;
/** Settings change rarely: each process reads them at most once a minute (writes here refresh at once). */
const CACHE_MS = 60_000;

/**
 * The read in flight, shared by every caller that asks meanwhile (a prefetch and the change it was for). One
 * older than the cache's minute is not shared: a prefetch nobody awaited (an idempotent replay, a refused
 * change) may have been frozen with its Lambda container and finished long after.
 */
let reading: { at: number; context: Promise<SlaContext> } | undefined;
/** Moved by every settings save: a read begun before it answers its caller but is not cached. */
let generation = 0;

export async function slaContext(now = Date.now()): Promise<SlaContext> {
  if (cached && now - cached.at < CACHE_MS) return cached.context;
  if (!reading || now - reading.at >= CACHE_MS) {
    const read = { at: now, context: readSlaContext(now, generation) };
    read.context = read.context.finally(() => {
      if (reading === read) reading = undefined;
    });
    reading = read;
  }
  return reading.context;
}

/** The three settings in one BatchGetItem (one request, 0.5 RRU each as three GetItems would be). */
async function readSlaContext(now: number, begun: number): Promise<SlaContext> {
  // The desk's name rides along (no request of its own): the mail that follows a ticket change signs with it.
  const nameBegun = deskNameGeneration();
  const stored = await readStoredSettings([
    "business-hours",
    "sla-policies",
    "housekeeping",
    DESK_NAME_SETTING,
  ]);
  rememberStoredDeskName(stored.get(DESK_NAME_SETTING), nameBegun);
  return remember(
    begun === generation ? now : undefined,
    BusinessHours.parse(
      stored.get("business-hours") ?? defaultBusinessHours(process.env.DESK_TIMEZONE ?? "UTC"),
    ),
    StoredPolicies.parse(stored.get("sla-policies") ?? {}),
    Housekeeping.parse(stored.get("housekeeping") ?? {}),
  );
}

/**
 * Starts reading the SLA context a ticket change will need (commitTicketChange), so that the read overlaps the
 * caller's other requests instead of following them. A failure is left for that change's own read to report.
 */
export function prefetchSlaContext(): void {
  slaContext().catch(() => undefined);
}

/**
 * The context from the settings a sweep run already read in one Query (core/sla/sweep-settings.ts); it is also
 * what `slaContext` answers for the rest of that minute, so the run's steps read no setting again.
 */
export function slaContextFrom(settings: SweepSettings, now = Date.now()): SlaContext {
  return remember(
    now,
    settings.get("business-hours", BusinessHours, defaultBusinessHours(process.env.DESK_TIMEZONE ?? "UTC")),
    settings.get("sla-policies", StoredPolicies),
    settings.get("housekeeping", Housekeeping),
  );
}

/** The context of these settings, cached as of `now` (not cached without it: settings saved since the read began). */
function remember(
  now: number | undefined,
  hours: BusinessHours,
  policies: z.output<typeof StoredPolicies>,
  housekeeping: Housekeeping,
): SlaContext {
  const hoursId = sha256(JSON.stringify(hours)).slice(0, 8);
  const context = { hours, hoursId, policies: withDefaults(policies), housekeeping };
  if (now !== undefined) cached = { at: now, context };
  return context;
}

export function forgetSlaContext(): void {
  cached = undefined;
  reading = undefined;
  generation++;
}

export const slaPolicies = async () => withDefaults(await readSetting("sla-policies", StoredPolicies));
export const businessHours = readHours;
export const housekeeping = () => readSetting("housekeeping", Housekeeping);

export async function saveBusinessHours(input: unknown, by?: string) {
  const saved = await writeSetting("business-hours", BusinessHours, input, by);
  forgetSlaContext();
  return saved;
}

export async function savePolicy(priority: Priority, input: unknown, by?: string) {
  const stored = await readSetting("sla-policies", StoredPolicies);
  const policy = SlaPolicy.parse(input);
  await writeSetting("sla-policies", StoredPolicies, { ...stored, [priority]: policy }, by);
  forgetSlaContext();
  return policy;
}

export async function saveHousekeeping(input: unknown, by?: string) {
  const saved = await writeSetting("housekeeping", Housekeeping, input, by);
  forgetSlaContext();
  return saved;
}

/** The targets that apply to a ticket, and a name for them (shown on the timeline and in reports). */
export function targetsFor(
  ticket: Pick<TicketItem, "priority" | "category" | "team">,
  policies: SlaPolicies,
) {
  const policy = policies[ticket.priority];
  const score = (o: SlaPolicy["overrides"][number]) =>
    (o.category ? (o.category === ticket.category ? 2 : -10) : 0) +
    (o.team ? (o.team === ticket.team ? 1 : -10) : 0);
  const best = policy.overrides
    .map((o) => ({ o, s: score(o) }))
    .filter(({ s }) => s > 0)
    .sort((a, b) => b.s - a.s)[0]?.o;
  const name = [
    ticket.priority,
    best?.category && `category ${best.category}`,
    best?.team && `team ${best.team}`,
  ]
    .filter(Boolean)
    .join(", ");
  return {
    name,
    firstResponseMinutes: best?.firstResponseMinutes ?? policy.firstResponseMinutes,
    resolutionMinutes: best?.resolutionMinutes ?? policy.resolutionMinutes,
    warnAtPercent: policy.warnAtPercent,
    pauseWhenPending: policy.pauseWhenPending,
    pauseWhenVendor: policy.pauseWhenVendor,
  };
}
export type Targets = ReturnType<typeof targetsFor>;
