/**
 * A worker process for the crash test: acknowledges the tickets named on the command line with the desk's
 * own code, in the environment the parent passes (its emulators, an SES endpoint that never answers). It
 * claims each acknowledgement and then hangs in the send until the parent kills it with SIGKILL.
 */
import { acknowledgeTicket } from "../../core/mail/acknowledge.ts";

const tickets = JSON.parse(process.argv[2] ?? "[]") as { id: string; entryId: string }[];
await Promise.all(tickets.map((t) => acknowledgeTicket(t.id, t.entryId)));
console.error("crash-worker: every send finished, which the test did not expect");
