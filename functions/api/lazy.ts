import { type Context, type ErrorHandler, Hono, type Next } from "hono";
import { TrieRouter } from "hono/router/trie-router";

/** Any route module: each has its own env (AgentEnv…) and schema types. */
// biome-ignore lint/suspicious/noExplicitAny: a route module of any env
export type AnyHono = Hono<any, any, any>;

/** Marks the answer of a lazily loaded module that has no route for the request: the next routes get it. */
const UNMATCHED = "x-desk-unmatched";

/**
 * Routes whose module is imported on their first request, not when the function starts: the help center's
 * markdown and HTML sanitizer, the mail parser behind unfiled mail, the reports' date library stay out of a cold
 * start that does not need them (tests/bench/cold-start.ts measures it).
 *
 * Register the returned handler on every path the module serves, where the module was mounted before: a request
 * the module has no route for (wrong method, say) falls through to the routes registered after it, as with
 * `app.route()`. Each module guards its own paths (requireAgent…), as every route module here does; its errors
 * go through the same `onError`. `base` is where the parent is mounted (`/api`).
 */
export function lazyRoutes(base: string, load: () => Promise<AnyHono>, onError: ErrorHandler) {
  let app: Promise<AnyHono> | undefined;
  const mount = async () => {
    // TrieRouter, as the root app: the default SmartRouter would first try, and fail, to compile these routes.
    const wrapper = new Hono({ router: new TrieRouter() });
    wrapper.route(base, await load());
    wrapper.notFound((c) => c.body(null, 404, { [UNMATCHED]: "1" }));
    wrapper.onError(onError);
    return wrapper;
  };
  const handler = async (c: Context, next: Next) => {
    if (!app) {
      app = mount();
      app.catch(() => {
        app = undefined; // a failed import is retried by the next request
      });
    }
    const loaded = await app;
    const response = await loaded.fetch(c.req.raw, c.env);
    if (response.headers.has(UNMATCHED)) return next();
    return response;
  };
  /** The module itself (for the OpenAPI document, which lists every route). */
  handler.module = load;
  return handler;
}
