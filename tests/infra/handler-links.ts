/**
 * Which linked resources a Lambda's code can reach, derived from its bundle's module graph: esbuild follows
 * every static and dynamic import from the handler (the desk's own modules; packages stay out), and each
 * link is needed by the modules that read it. Over-approximates on purpose (a module reachable on any path
 * counts): a function may lack nothing it could use, and should hold nothing it cannot.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

const root = join(import.meta.dirname, "../..");

/** What in a module's source shows it uses a link (core/config.ts reads the links; see its getters). */
const linkUses: Record<string, RegExp> = {
  // config() reads the table's name and the secret eagerly.
  Table: /\bconfig\(\)/,
  DeskSecret: /\bconfig\(\)/,
  Events: /\.eventsTopicArn\b/,
  MailBucket: /\.mailBucket\b/,
  InboundSecret: /\.inboundSecrets?\b/,
  DeadLetters: /\bResource\.DeadLetters\b/,
  Trainer: /\bResource\.Trainer\b/,
  // The Email link is SES's send permission: the modules that send through SES.
  Email: /from "@aws-sdk\/client-ses"/,
};

/** `functions/workers/mail.handler` → the link names its bundle's modules use, sorted. */
export async function linksUsedBy(handler: string): Promise<string[]> {
  const file = `${handler.slice(0, handler.lastIndexOf("."))}.ts`;
  const result = await build({
    entryPoints: [join(root, file)],
    bundle: true,
    write: false,
    metafile: true,
    platform: "node",
    format: "esm",
    packages: "external",
    outdir: join(root, ".build/links"),
    splitting: true,
    logLevel: "error",
  });
  const sources = Object.keys(result.metafile.inputs)
    .filter((input) => !input.includes("node_modules"))
    .map((input) => readFileSync(join(root, input), "utf8"));
  return Object.entries(linkUses)
    .filter(([, use]) => sources.some((source) => use.test(source)))
    .map(([link]) => link)
    .sort();
}
