import { indexEvent } from "../../core/search/search.ts";
import { eventWorker } from "./batch.ts";

/** Queue `Search`: keeps the full-text index of subjects and messages (term items in the table). */
export const handler = eventWorker(indexEvent);
