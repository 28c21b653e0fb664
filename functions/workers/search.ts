import { indexEvent } from "../../core/search/search.ts";
import { eventWorker } from "./push.ts";

/** Worker `Search`: keeps the full-text index of subjects and messages (term items in the table). */
export const handler = eventWorker("Search", indexEvent);
