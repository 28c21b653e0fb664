/**
 * The queue the agent last looked at, with its view, team, filters and sort (all in its URL), so `u` and "Back
 * to the queue" return to it instead of the default view. Per tab (session storage), like the browser's Back.
 */
const KEY = "desk.lastQueue";

export function rememberQueue(url: string) {
  try {
    sessionStorage.setItem(KEY, url);
  } catch {
    // Storage blocked: `u` falls back to the default queue.
  }
}

export function lastQueue(): string {
  try {
    const url = sessionStorage.getItem(KEY);
    // Only a queue of this app: never somewhere else a stored value might point.
    if (url && /^\/app(\/queue\/[a-z]+)?(\?|$)/.test(url)) return url;
  } catch {
    // As above.
  }
  return "/app";
}
