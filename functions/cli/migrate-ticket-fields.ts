/**
 * Upgrades a desk whose tickets were stored with long attribute names to the short names the store now uses
 * (core/store/entities/ticket-fields.ts). Run it once after deploying this version; it is safe to repeat (it reports 0
 * when nothing is left). Locally it uses the desk in DESK_DATA_DIR (default .data/), running or not. On AWS run it
 * inside the desk's SST environment (`npx sst shell -- node functions/cli/migrate-ticket-fields.ts`).
 */
import { resolve } from "node:path";
import { migrateTicketFields } from "../../core/store/migrate-ticket-fields.ts";

let stop = async () => {};
if (!process.env.SST_RESOURCE_Table) {
  const { attachLocalDesk } = await import("../../infra/local/attach.ts");
  stop = await attachLocalDesk(resolve(process.env.DESK_DATA_DIR ?? ".data"));
}
try {
  const rewritten = await migrateTicketFields((done) => process.stderr.write(`\r${done} tickets rewritten`));
  process.stderr.write("\n");
  console.log(`Rewrote ${rewritten} tickets under short attribute names.`);
} finally {
  await stop();
}
