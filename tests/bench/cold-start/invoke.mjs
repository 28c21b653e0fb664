/**
 * One cold start: this fresh process imports a bundle, hands its handler one event and prints how it went as
 * one JSON line, then exits. `node invoke.mjs <bundle.mjs> <event as JSON>`. Plain JavaScript and tiny: whatever it loads
 * counts for the bundle and the reference alike.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

const [bundle, eventJson] = process.argv.slice(2);
const started = performance.now();
const { handler } = await import(pathToFileURL(bundle).href);
const imported = performance.now();
const context = { awsRequestId: "cold-start", functionName: "bench", getRemainingTimeInMillis: () => 30_000 };
let result;
let ok;
try {
  result = await handler(JSON.parse(eventJson), context);
  // An API answer has a status; a worker answers nothing and throws when it fails.
  ok = result?.statusCode ? result.statusCode < 300 : true;
} catch (error) {
  result = String(error);
  ok = false;
}
const answered = performance.now();
process.stdout.write(
  `${JSON.stringify({ ok, importMs: imported - started, handleMs: answered - imported, processMs: answered, result: ok ? undefined : result })}\n`,
  () => process.exit(0),
);
