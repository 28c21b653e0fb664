import { readStoredSettings } from "../desk/settings.ts";
import { housekeeping } from "../sla/policy.ts";
import { triageSettings } from "../triage/settings.ts";
import { teamAgentItems } from "./agent.ts";
import { listTeams } from "./directory.ts";

/**
 * What the start banner tells the admin about work nobody is staffed for: the teams with no active member, and
 * where their tickets go (the fallback team when it has people, else the admins' Unassigned view and the
 * safety net's mail). Empty when every team has someone.
 */
export async function unroutedWorkNotice(): Promise<string[]> {
  const [teams, settings, chores] = await Promise.all([listTeams(), triageSettings(), housekeeping()]);
  const staffed = new Map(
    await Promise.all(
      teams.map(async (t) => [t.id, (await teamAgentItems(t.id)).some((a) => a.active)] as const),
    ),
  );
  const empty = teams.filter((t) => !staffed.get(t.id));
  if (empty.length === 0) return [];
  const fallback = settings.fallbackTeam;
  // Teams by the names the admin screens show ("Field support", not its id "field-support").
  const nameOf = (id: string) => teams.find((t) => t.id === id)?.name ?? id;
  const where =
    fallback && staffed.get(fallback)
      ? `triage sends their tickets to the fallback team "${nameOf(fallback)}"`
      : `their tickets wait in every admin's Unassigned view, and the sweep mails the admins about any ticket nobody takes within ${chores.unassignedAlertMinutes} business minutes`;
  return [
    `Teams with nobody in them yet: ${empty.map((t) => t.name).join(", ")}.`,
    `Until you add agents to them (Agent app → Admin → Agents), ${where}.`,
  ];
}

/**
 * What the start banner says while no admin has set the business hours: the calendar every SLA clock and every
 * report day runs on until then (Monday–Friday 09:00–17:00 in `DESK_TIMEZONE`, default UTC), and where to change
 * it. A desk in Paris would otherwise see its SLA due times an hour off and late-evening tickets on the day before.
 */
export async function calendarNotice(): Promise<string[]> {
  const stored = await readStoredSettings(["business-hours"]);
  if (stored.has("business-hours")) return [];
  const zone = process.env.DESK_TIMEZONE ?? "UTC";
  return [
    `Business hours: Monday–Friday 09:00–17:00 in ${zone} until an admin sets them (Agent app → Admin → SLA and business hours);`,
    "SLA due times and report days follow that calendar (DESK_TIMEZONE sets the zone of this default).",
  ];
}
