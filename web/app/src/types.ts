import type { z } from "zod";
import type {
  AgentOut,
  DeskNamesOut,
  EntryOut,
  TicketOut,
  TicketPage,
  TicketWithTimeline as TicketWithTimelineOut,
} from "../../../functions/api/schemas.ts";

/** The API's own response schemas, as types: the app and the API cannot drift apart. */
export type Ticket = z.infer<typeof TicketOut>;
export type Entry = z.infer<typeof EntryOut>;
export type TicketWithTimeline = z.infer<typeof TicketWithTimelineOut>;
export type RequesterUndeliverable = NonNullable<TicketWithTimeline["requesterUndeliverable"]>;
export type Page = z.infer<typeof TicketPage>;
export type Agent = z.infer<typeof AgentOut>;
export type DeskNames = z.infer<typeof DeskNamesOut>;
export type Team = {
  id: string;
  name: string;
  nameFr?: string | null;
  tier: "L1" | "L2" | "L3" | "L4" | null;
  escalatesTo: string | null;
  autoAssign: boolean;
};
export type Category = { id: string; name: string; nameFr?: string | null };
