import { canTransition, type Status } from "../../../core/ticket/transitions.ts";

/** The `{ status: label }` entries the status menu offers for a ticket in `current`: the moves the server accepts. */
export function allowedStatuses(current: Status, labels: Record<Status, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(labels).filter(([status]) => canTransition(current, status as Status)),
  );
}
