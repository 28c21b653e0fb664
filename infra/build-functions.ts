/**
 * `npm run build:functions`: bundles every Lambda the way `sst deploy` does, into
 * `.build/functions/<name>/index.mjs` (plus its chunks), from the one bundling definition in infra/bundling.ts.
 * The esbuild call mirrors SST's Node builder (pkg/runtime/node/build.go in sst/sst): platform node, ESM,
 * target esnext, keep names, main fields module then main, its createRequire/__dirname banner, `sharp` and
 * `pg-native` always external. The only difference: the entry file is named index.mjs instead of after the
 * handler's file.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { type BuildOptions, build } from "esbuild";
import { lambdaHandlers, nodejsBundling } from "./bundling.ts";

const root = join(import.meta.dirname, "..");
export const functionsDir = join(root, ".build/functions");

/** What SST's builder prepends to every ESM bundle, so CommonJS dependencies find require and __dirname. */
const SST_BANNER = [
  "import { createRequire as topLevelCreateRequire } from 'module';",
  "const require = topLevelCreateRequire(import.meta.url);",
  'import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"',
  "const __filename = topLevelFileUrlToPath(import.meta.url)",
  'const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))',
  "",
].join("\n");

/** The esbuild options SST's builder derives from a function's `nodejs` options, for one entry file. */
export function esbuildOptions(entry: string, outdir: string, nodejs = nodejsBundling): BuildOptions {
  return {
    entryPoints: [{ in: entry, out: "index" }],
    outdir,
    outExtension: { ".js": ".mjs" },
    platform: "node",
    format: "esm",
    target: "esnext",
    bundle: true,
    keepNames: true,
    mainFields: ["module", "main"],
    external: ["sharp", "pg-native", ...nodejs.esbuild.external],
    splitting: nodejs.splitting,
    minify: nodejs.minify,
    sourcemap: nodejs.sourcemap,
    banner: { js: SST_BANNER },
    metafile: true,
    logLevel: "warning",
  };
}

/** The source file of an SST handler (`functions/api/lambda.handler` → `functions/api/lambda.ts`). */
export const entryOf = (handler: string) => join(root, `${handler.slice(0, handler.lastIndexOf("."))}.ts`);

export interface BuiltFunction {
  name: string;
  handler: string;
  /** Where the bundle's entry is: `.build/functions/<name>/index.mjs`. */
  file: string;
  /** Bytes of the entry file and of the chunks it imports statically, i.e. what a cold start loads. */
  entryBytes: number;
  /** Bytes of every file of the bundle, lazily loaded chunks included. */
  totalBytes: number;
}

/** Bundles one entry file into `outdir` (emptied first). */
export async function buildOne(name: string, handler: string, entry: string, outdir: string) {
  rmSync(outdir, { recursive: true, force: true });
  const result = await build(esbuildOptions(entry, outdir));
  const outputs = result.metafile!.outputs;
  const file = join(outdir, "index.mjs");
  const relative = (path: string) => join(root, path);
  // The chunks loaded before the handler runs: the entry and, transitively, what it imports statically.
  const loaded = new Set<string>();
  const visit = (output: string) => {
    if (loaded.has(output)) return;
    loaded.add(output);
    for (const imported of outputs[output]!.imports)
      if (imported.kind === "import-statement" && outputs[imported.path]) visit(imported.path);
  };
  const entryOutput = Object.keys(outputs).find((o) => relative(o) === file)!;
  visit(entryOutput);
  const sum = (files: Iterable<string>) => [...files].reduce((s, o) => s + outputs[o]!.bytes, 0);
  return { name, handler, file, entryBytes: sum(loaded), totalBytes: sum(Object.keys(outputs)) };
}

/** Bundles every Lambda of the deploy into `.build/functions/`. */
export async function buildFunctions(): Promise<BuiltFunction[]> {
  const built = [];
  for (const [name, handler] of Object.entries(lambdaHandlers))
    built.push(await buildOne(name, handler, entryOf(handler), join(functionsDir, name)));
  return built;
}

if (import.meta.main) {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  for (const f of await buildFunctions())
    console.log(
      `${f.name.padEnd(14)} ${f.handler.padEnd(40)} loads ${kb(f.entryBytes)}, all ${kb(f.totalBytes)}`,
    );
}
