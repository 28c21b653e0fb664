import { DeskError } from "../error.ts";
import { OPEN_STATUSES } from "../store/entities/ticket.ts";
import { canTransition, type Status } from "./transitions.ts";

export { canTransition, type Status } from "./transitions.ts";

export const isOpenStatus = (status: Status): boolean =>
  (OPEN_STATUSES as readonly Status[]).includes(status);

/** Refuses an agent's status change that the lifecycle does not allow (409 invalid_transition). */
export function assertTransition(from: Status, to: Status): void {
  if (canTransition(from, to)) return;
  throw new DeskError(
    "conflict",
    "invalid_transition",
    from === "closed"
      ? "This ticket is closed; closed tickets cannot change. Open a new ticket instead."
      : `A ticket cannot go from ${from} to ${to}`,
  );
}

/** The status after a customer writes: waiting on them ends, and a solved ticket reopens. */
export function statusAfterCustomerMessage(current: Status): Status {
  if (current === "closed") {
    throw new DeskError("conflict", "invalid_transition", "This ticket is closed; please open a new ticket.");
  }
  if (current === "pending" || current === "solved" || current === "on_hold") return "open";
  return current;
}

/** The status after a public agent reply when the agent did not choose one: a new ticket becomes open. */
export function statusAfterAgentReply(current: Status, requested?: Status): Status {
  const next = requested ?? (current === "new" ? "open" : current);
  assertTransition(current, next);
  return next;
}
