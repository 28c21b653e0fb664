import { performance } from "node:perf_hooks";
import { newId } from "../../core/ids.ts";
import { renderMarkdown } from "../../core/kb/markdown.ts";
import { rebuildIndex, searchArticles } from "../../core/kb/search-index.ts";
import { store } from "../../core/store/index.ts";
import { takeMetered } from "../../core/store/meter.ts";
import { startHttp } from "../../infra/local/server.ts";
import { launch } from "../e2e/browser.ts";

const TOPICS = [
  "printer",
  "vpn",
  "password",
  "laptop",
  "email",
  "wifi",
  "monitor",
  "badge",
  "teams",
  "excel",
];
const ACTIONS = [
  "reset",
  "install",
  "fix",
  "configure",
  "replace",
  "unlock",
  "update",
  "connect",
  "share",
  "back up",
];

/**
 * The knowledge base with `count` published English articles: rebuild cost of the search index, then search
 * latency (p50/p99 over `queries` searches, warm) and DynamoDB requests and units per search.
 */
export async function measureKb(count: number, queries = 200) {
  const at = new Date().toISOString();
  const items = Array.from({ length: count }, (_, i) => {
    const topic = TOPICS[i % TOPICS.length]!;
    const action = ACTIONS[Math.floor(i / TOPICS.length) % ACTIONS.length]!;
    const title = `How to ${action} your ${topic} (${i})`;
    const body = `## ${title}\n\nSteps to ${action} the ${topic}: open settings, choose ${topic}, then ${action}. Article ${i} covers case ${i % 37} of ${topic} problems in the office.`;
    return {
      articleId: newId(),
      groupId: newId(),
      locale: "en" as const,
      slug: `bench-${i}`,
      title,
      body,
      html: renderMarkdown(body),
      category: topic,
      keywords: [topic, action],
      status: "published" as const,
      authorId: "bench",
      authorName: "Bench",
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
  });
  await store().entities.article.put(items).go({ concurrency: 4 });
  takeMetered();
  const started = performance.now();
  await rebuildIndex("en");
  const rebuildMs = performance.now() - started;
  const rebuild = takeMetered();
  const words = [...TOPICS, ...ACTIONS, "office", "settings", "problems"];
  await searchArticles("printer", "en"); // loads the index once (a cold worker does this on its first search)
  takeMetered();
  const times: number[] = [];
  for (let i = 0; i < queries; i++) {
    const q = `${words[i % words.length]} ${words[(i * 7) % words.length]}`;
    const t0 = performance.now();
    await searchArticles(q, "en", 5);
    times.push(performance.now() - t0);
  }
  const calls = takeMetered();
  times.sort((a, b) => a - b);
  return {
    articles: count,
    rebuildMs: Math.round(rebuildMs),
    rebuildReadUnits: +rebuild.reduce((s, c) => s + c.readUnits, 0).toFixed(1),
    p50: +times[Math.floor(times.length / 2)]!.toFixed(2),
    p99: +times[Math.floor(times.length * 0.99)]!.toFixed(2),
    requestsPerSearch: +(calls.length / queries).toFixed(2),
    readUnitsPerSearch: +(calls.reduce((s, c) => s + c.readUnits, 0) / queries).toFixed(2),
  };
}

/** Requests a customer's browser makes for one form submission, suggestions included (typing at ~6 chars/s). */
export async function formRequests() {
  const http = await startHttp(0);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const counted = { search: 0, submit: 0 };
    page.on("request", (r) => {
      if (r.url().includes("/api/kb/search")) counted.search++;
      if (r.url().endsWith("/api/tickets") && r.method() === "POST") counted.submit++;
    });
    await page.goto(`http://localhost:${http.port}/`);
    await page.getByLabel("Your name").fill("Bench Customer");
    await page.getByLabel("Email").fill("bench-form@example.com");
    for (const part of ["My printer ", "does not ", "print anymore"]) {
      await page.getByLabel("Subject").pressSequentially(part, { delay: 160 });
      await page.waitForTimeout(900); // a pause to think: the debounced search fires
    }
    await page.getByLabel("How can we help?").fill("It shows an error on the display.");
    await page.getByRole("button", { name: "Send" }).click();
    await page.waitForResponse((r) => r.url().endsWith("/api/tickets"));
    return counted;
  } finally {
    await browser.close();
    await http.close();
  }
}
