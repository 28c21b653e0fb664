import * as z from "zod";
import { readSetting, writeSetting } from "../desk/settings.ts";

/**
 * Who besides admins sees reports: `none`, `own` (their own figures, groupBy=agent), `teams` (their own and
 * their teams', the default) or `all` (everything admins see).
 */
export const ReportSettings = z.object({
  agentAccess: z.enum(["none", "own", "teams", "all"]).default("teams"),
});
export type ReportSettings = z.output<typeof ReportSettings>;

export const reportSettings = () => readSetting("reports", ReportSettings);
export const saveReportSettings = (input: unknown, by: string) =>
  writeSetting("reports", ReportSettings, input, by);

/** The groupings an agent may ask for under a setting (admins: any). */
export function allowedGroupings(access: ReportSettings["agentAccess"]): string[] | "any" {
  if (access === "all") return "any";
  if (access === "teams") return ["team", "agent"];
  if (access === "own") return ["agent"];
  return [];
}
