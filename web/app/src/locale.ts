/** The agent app's language: the agent's saved choice, else the browser's first of English or French. */
export type Lang = "en" | "fr";
const KEY = "desk.lang";

function pick(): Lang {
  const saved = globalThis.localStorage?.getItem(KEY);
  if (saved === "en" || saved === "fr") return saved;
  for (const l of globalThis.navigator?.languages ?? []) {
    if (l.toLowerCase().startsWith("fr")) return "fr";
    if (l.toLowerCase().startsWith("en")) return "en";
  }
  return "en";
}

export const lang: Lang = pick();
/** BCP 47 tag for Intl formatting: the browser's own regional variant when it matches the language. */
export const locale: string =
  globalThis.navigator?.languages?.find((l) => l.toLowerCase().startsWith(lang)) ??
  (lang === "fr" ? "fr-FR" : "en");
if (globalThis.document) document.documentElement.lang = lang;

/** Saves the choice and reloads: every string and format is picked once, at start. */
export function switchLang(next: Lang) {
  localStorage.setItem(KEY, next);
  location.reload();
}
