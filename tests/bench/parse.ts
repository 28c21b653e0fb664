import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseMail } from "../../core/mail/parse.ts";

const FIXTURES = [
  ["plain text reply", "french-latin1-reply.eml"],
  ["HTML only (Outlook related)", "parse-html-only-related.eml"],
  ["256 KB HTML newsletter", "parse-html-newsletter-256k.eml"],
  ["undeclared GBK headers", "parse-gbk-undeclared.eml"],
  ["winmail.dat", "parse-tnef-winmail.eml"],
  ["500 KB subject", "parse-hostile-long-subject.eml"],
  ["1,200 MIME parts", "parse-hostile-many-parts.eml"],
] as const;

/** parseMail alone (no I/O) on the desk's fixtures: median and worst of `runs` after one warm-up. */
export async function measureParse(runs = 20) {
  const rows = [];
  for (const [kind, name] of FIXTURES) {
    const raw = readFileSync(join(import.meta.dirname, "../fixtures/email/desk", name));
    await parseMail(raw);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await parseMail(raw);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    rows.push({
      kind,
      kb: +(raw.length / 1024).toFixed(1),
      p50: +times[Math.floor(runs / 2)]!.toFixed(1),
      max: +times.at(-1)!.toFixed(1),
    });
  }
  return rows;
}
