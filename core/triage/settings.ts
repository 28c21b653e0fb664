import * as z from "zod";
import { readSetting, writeSetting } from "../desk/settings.ts";

const Vip = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^([^@\s]+@)?[a-z0-9.-]+\.[a-z]{2,}$|^@[a-z0-9.-]+\.[a-z]{2,}$/,
    "An address or a domain (@example.com)",
  );

/** How triage decides; admins change it with PUT /api/admin/triage. */
export const TriageSettings = z.object({
  /** The classifier decides categories once it has learned from this many agent-labelled tickets. */
  minExamples: z.number().int().min(10).max(1_000_000).default(100),
  /** Below this confidence the model leaves the category to an agent. */
  minConfidence: z.number().min(0).max(1).default(0.7),
  /** Retrain at most this often when agents have labelled new tickets. */
  retrainMinutes: z.number().int().min(1).max(10_080).default(10),
  /** Requesters (addresses, or whole domains as `@example.com`) whose tickets are at least high priority. */
  vips: z.array(Vip).max(500).default([]),
  /** Where tickets go that no rule or model could place (a front-line team); null leaves them unrouted. */
  fallbackTeam: z.string().max(40).nullable().default("service-desk"),
});
export type TriageSettings = z.output<typeof TriageSettings>;

export const triageSettings = () => readSetting("triage", TriageSettings);
export const saveTriageSettings = (input: unknown, by?: string) =>
  writeSetting("triage", TriageSettings, input, by);

/** The VIP entry that matches a requester (their address, or their domain), if any. */
export function vipMatch(email: string, vips: readonly string[]): string | undefined {
  const address = email.toLowerCase();
  const domain = address.slice(address.lastIndexOf("@") + 1);
  return vips.find((vip) => vip === address || vip === `@${domain}` || vip === domain);
}
