import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/** Each Lambda entrypoint, bundled and minified the way SST bundles it (esbuild, ESM, Node 24, arm64). */
export const entrypoints = [
  "functions/api/lambda.ts",
  "functions/workers/mail.ts",
  "functions/workers/acknowledge.ts",
  "functions/workers/triage.ts",
  "functions/workers/inbound-mail.ts",
  "functions/workers/mail-feedback.ts",
  "functions/cron/sweep.ts",
];

export async function bundleSizes() {
  const rows = [];
  for (const entry of entrypoints) {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      platform: "node",
      target: "node24",
      format: "esm",
      write: false,
      metafile: true,
      // what SST adds so CommonJS dependencies work in an ESM bundle
      banner: {
        js: "import { createRequire as topLevelCreateRequire } from 'module';const require = topLevelCreateRequire(import.meta.url);",
      },
      logLevel: "silent",
    });
    const code = result.outputFiles[0]!.contents;
    rows.push({
      entry,
      minifiedKB: +(code.length / 1024).toFixed(1),
      gzipKB: +(gzipSync(code).length / 1024).toFixed(1),
    });
  }
  return rows;
}
