import { applyEvent } from "../../core/report/stats.ts";
import { eventWorker } from "./push.ts";

/** Worker `Reports`: moves the report counters as events happen (once per event). */
export const handler = eventWorker("Reports", applyEvent);
