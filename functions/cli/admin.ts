/**
 * Create an admin, or reset an agent's password (their sessions end; role and access stay as they were).
 *
 *   npm run admin -- --email you@example.com [--password '…'] [--name 'You'] [--promote]
 *
 * A new address becomes an admin (the way to the first admin; on a desk with no agent, team or category yet, the
 * default teams and categories are created too, as `npm start` does locally). `--promote` also makes an existing agent an admin
 * and reactivates them. Locally it uses the desk in DESK_DATA_DIR (default .data/), running or not. On AWS run it
 * inside the stage's linked environment: `npx sst shell --stage prod -- npm run admin -- --email you@example.com`.
 */

import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { Password } from "../../core/agent/agent.ts";
import { anyAgent, createOrResetAdmin } from "../../core/agent/bootstrap.ts";
import { randomToken } from "../../core/auth/crypto.ts";
import { Email } from "../../core/ticket/input.ts";
import { seedDefaults } from "../../core/triage/defaults.ts";

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    password: { type: "string" },
    name: { type: "string" },
    promote: { type: "boolean" },
  },
});
const email = Email.safeParse(values.email);
if (!email.success) {
  console.error(
    "Usage: npm run admin -- --email you@example.com [--password '…'] [--name 'You'] [--promote]",
  );
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
  const firstAgent = !(await anyAgent());
  const { outcome, agent } = await createOrResetAdmin(email.data, password, {
    name: values.name,
    promote: values.promote,
  });
  const shown = values.password ? "" : ` / ${password}`;
  const said = {
    created: `Admin created: ${email.data}${shown}`,
    reset: `Password reset for ${email.data} (${agent.role}; every session ended)${shown}`,
    promoted: `${email.data} is now an active admin, with a new password (every session ended)${shown}`,
  };
  console.log(said[outcome]);
  // A deployed desk's first admin is made here (npm start makes the local one): the same IT teams and categories
  // to start from, in English and French, so triage routes from the first ticket. Only on a desk nobody uses yet:
  // one with agents, teams or categories keeps what it has.
  if (firstAgent && outcome === "created" && (await seedDefaults()))
    console.log("Default teams and categories created: edit them in the app (Admin).");
  if (!agent.active) console.log("This agent is deactivated: reactivate them in the app, or use --promote.");
} finally {
  await stop();
}
