import { type QueueName, topology } from "./topology.ts";

/**
 * How every Lambda is bundled, defined once: infra passes it to SST as the functions' `nodejs` options
 * (infra/settings.ts), and `npm run build:functions` (infra/build-functions.ts) turns it into the same esbuild
 * call SST's builder makes, so the bundles the benchmark measures are the ones a deploy ships.
 * SST's builder reads only these fields (and `esbuild.external` / `esbuild.target` of its esbuild options):
 * anything else added here would be ignored on deploy, so add nothing else.
 * Plain data with no SST globals, so the SST program and a plain Node script can both import it.
 */
export const nodejsBundling = {
  format: "esm",
  // SST's documented default, written out: its builder minifies only when the property says so.
  minify: true,
  sourcemap: false,
  // Dynamically imported modules get their own chunk, loaded only when used: the charset detector's language
  // models (1.1 MB, only for mail with undeclared 8-bit bytes) stay out of the InboundMail cold start.
  splitting: true,
  // The AWS SDK stays in the bundle although the Lambda runtime ships one: measured, the API's bundle imports in
  // ~250 ms with its tree-shaken SDK and ~330 ms with the SDK's CommonJS files from node_modules (README, Benchmarks).
  esbuild: { external: [] as string[] },
} as const;

/** Every Lambda of the deploy: its name in `.build/functions/<name>/` and its SST handler (`file.export`). */
export const lambdaHandlers: { api: string; sweep: string; [name: string]: string } = {
  api: "functions/api/lambda.handler",
  sweep: "functions/cron/sweep.handler",
  // The classifier's training, handed over by the sweep when due (infra/cron.ts).
  trainer: "functions/cron/train.handler",
  // One per worker queue, named after it in kebab case (InboundMail → inbound-mail).
  ...(Object.fromEntries(
    (Object.keys(topology.queues) as QueueName[]).map((name) => [
      name.replace(/[A-Z]/g, (c, i: number) => (i ? "-" : "") + c.toLowerCase()),
      topology.queues[name].handler,
    ]),
  ) as Record<string, string>),
};
