/**
 * A worker process for the notice crash test: tells the assignee of the customer's message named on the command
 * line with the desk's own code, in the environment the parent passes (its emulators, an SES endpoint that never
 * answers). It hangs in the send until the parent kills it with SIGKILL, as Lambda ends a timed-out invocation.
 */
import { notifyAssignee } from "../../core/mail/deliver.ts";

const { ticketId, entryId } = JSON.parse(process.argv[2] ?? "{}") as { ticketId: string; entryId: string };
await notifyAssignee(ticketId, entryId);
console.error("crash-notify-worker: the send finished, which the test did not expect");
