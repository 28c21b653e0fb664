/**
 * Create an admin, or reset an agent's password and make them an admin.
 *
 *   npm run admin -- --email you@example.com [--password '…'] [--name 'You']
 *
 * Locally it uses the desk in DESK_DATA_DIR (default .data/), running or not. On AWS run it inside the
 * stage's linked environment: `npx sst shell --stage prod -- npm run admin -- --email you@example.com`.
 */

import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { Password } from "../../core/agent/agent.ts";
import { createOrResetAdmin } from "../../core/agent/bootstrap.ts";
import { randomToken } from "../../core/auth/crypto.ts";
import { Email } from "../../core/ticket/input.ts";

const { values } = parseArgs({
  options: { email: { type: "string" }, password: { type: "string" }, name: { type: "string" } },
});
const email = Email.safeParse(values.email);
if (!email.success) {
  console.error("Usage: npm run admin -- --email you@example.com [--password '…'] [--name 'You']");
  process.exit(2);
}
const password = values.password ?? randomToken(12);
const checked = Password.safeParse(password);
if (!checked.success) {
  console.error(`Password: ${checked.error.issues[0]?.message}`);
  process.exit(2);
}

let stop = async () => {};
if (!process.env.SST_RESOURCE_Table) {
  const { attachLocalDesk } = await import("../../infra/local/attach.ts");
  stop = await attachLocalDesk(resolve(process.env.DESK_DATA_DIR ?? ".data"));
}
try {
  const outcome = await createOrResetAdmin(email.data, password, values.name);
  console.log(`Admin ${outcome}: ${email.data}${values.password ? "" : ` / ${password}`}`);
} finally {
  await stop();
}
