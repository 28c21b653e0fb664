import { applyEvent } from "../../core/report/stats.ts";
import { eventWorker } from "./batch.ts";

/** Queue `Reports`: moves the report counters as events happen (once per event). */
export const handler = eventWorker(applyEvent);
