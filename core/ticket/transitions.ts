import type { STATUSES } from "../store/entities/ticket.ts";

export type Status = (typeof STATUSES)[number];

/**
 * Where an agent may move a ticket from each status. `new` is only ever the starting point; `closed` is final
 * and is reached from `solved` (the sweeps close solved tickets after a while, or an agent does it). No runtime
 * import: the agent app's status menu uses the same table without pulling the store into its bundle.
 */
const agentTransitions: Record<Status, readonly Status[]> = {
  new: ["open", "pending", "on_hold", "solved"],
  open: ["pending", "on_hold", "solved"],
  pending: ["open", "on_hold", "solved"],
  on_hold: ["open", "pending", "solved"],
  solved: ["open", "pending", "on_hold", "closed"],
  closed: [],
};

/** True when an agent may move a ticket from `from` to `to` (staying put is always allowed). */
export function canTransition(from: Status, to: Status): boolean {
  return from === to || (agentTransitions[from]?.includes(to) ?? false);
}
