import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api.ts";
import { errorText } from "../errors.ts";
import { type ArticleView, chooseVersion, type Locale, onePerArticle, searchText } from "../kb-insert.ts";
import { strings, t } from "../strings.ts";

type Hit = { id: string; title: string; url: string; snippet: string; group: string; locale: Locale };

const other = (locale: Locale): Locale => (locale === "en" ? "fr" : "en");

/**
 * "Insert article" in the composer: searches the published help-center articles through the public search
 * (the same index as the help center and the acknowledgement, in the ticket's language first, then the other;
 * one row per article, not one per translation), and hands the chosen article's line (title and public address, in the ticket's language when a published
 * translation exists) to the composer, which puts it at the cursor. A disclosure, not a dialog: the reply stays
 * in view. Inserting is not a deflection (the customer already asked; an agent answered): nothing is counted.
 */
export function ArticleInsert(props: { locale: Locale; onInsert: (line: string) => void; done: () => void }) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [hits, setHits] = useState<Hit[]>([]);
  const [status, setStatus] = useState("");
  const [told, setTold] = useState("");
  const asked = useRef(0);
  const panel = useRef<HTMLElement>(null);
  const input = useRef<HTMLInputElement>(null);
  // Gone (the agent opened another ticket while an article loaded): its line must go into no reply.
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  const search = async (typed: string) => {
    const mine = ++asked.current;
    const q = searchText(typed);
    if (q.length < 2) {
      setHits([]);
      setStatus("");
      return;
    }
    setStatus(t.kbInsert.searching);
    try {
      const found = await Promise.all(
        [props.locale, other(props.locale)].map(async (locale) => {
          const { data } = await api<{ items: Omit<Hit, "locale">[] }>(
            `/kb/search?q=${encodeURIComponent(q)}&locale=${locale}&limit=5`,
          );
          return data.items.map((item) => ({ ...item, locale }));
        }),
      );
      if (mine !== asked.current) return; // a later search answers instead
      // An article found in both languages is one row, in the ticket's language (searched first).
      const all = onePerArticle(found.flat());
      setHits(all);
      setStatus(all.length ? t.kbInsert.found(all.length) : t.kbInsert.none);
    } catch (error) {
      if (mine === asked.current) setStatus(errorText(error));
    }
  };
  useEffect(() => {
    if (!open) return;
    const timer = setTimeout(() => search(query), 250);
    return () => clearTimeout(timer);
  }, [query, open]);
  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);

  const close = () => {
    setOpen(false);
    props.done();
  };
  const insert = async (hit: Hit) => {
    try {
      const { data } = await api<ArticleView>(`/kb/articles/${encodeURIComponent(hit.id)}`);
      if (!mounted.current) return;
      const chosen = chooseVersion(data, props.locale);
      if (!chosen) {
        setStatus(t.kbInsert.unpublished);
        return;
      }
      props.onInsert(strings[props.locale].kbInsert.linkLine(chosen.title, chosen.url));
      const language = t.kbInsert.languages[chosen.locale] ?? chosen.locale;
      setTold(
        chosen.fallback
          ? t.kbInsert.fallback(chosen.title, language, t.kbInsert.languages[props.locale] ?? props.locale)
          : t.kbInsert.inserted(chosen.title, language),
      );
      setOpen(false);
    } catch (error) {
      setStatus(errorText(error));
    }
  };
  // Up and down move between the search field and the articles, as in a list; Escape closes, back to the reply.
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      close();
      return;
    }
    // A letter typed on a result refines the search (the browser puts it in the field focused now); it must not
    // reach the page's one-key shortcuts (`s` would solve the ticket, `u` leave it). Space stays the button's.
    const letter = e.key.length === 1 && e.key !== " " && !e.ctrlKey && !e.metaKey && !e.altKey;
    if (letter && e.target !== input.current) {
      e.stopPropagation();
      input.current?.focus();
      return;
    }
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    const stops = [...(panel.current?.querySelectorAll<HTMLElement>("input, .kb-hit") ?? [])];
    const at = stops.indexOf(document.activeElement as HTMLElement);
    if (at < 0) return;
    e.preventDefault();
    stops[Math.max(0, Math.min(stops.length - 1, at + (e.key === "ArrowDown" ? 1 : -1)))]?.focus();
  };

  return (
    <div class="kb-insert">
      <button
        type="button"
        aria-expanded={open}
        aria-controls="kb-insert-panel"
        onClick={() => {
          if (open) return close();
          setTold("");
          setOpen(true);
        }}
      >
        {t.kbInsert.open}
      </button>
      <p role="status" class="kb-told">
        {told}
      </p>
      {open && (
        <section id="kb-insert-panel" ref={panel} aria-label={t.kbInsert.panel} onKeyDown={onKeyDown}>
          <label for="kb-insert-query">{t.kbInsert.search}</label>
          <input
            id="kb-insert-query"
            ref={input}
            type="search"
            autoComplete="off"
            aria-describedby="kb-insert-hint"
            value={query}
            onInput={(e) => setQuery(e.currentTarget.value)}
            onKeyDown={(e) => {
              // Enter searches now; it must not send the reply this field sits in.
              if (e.key === "Enter") {
                e.preventDefault();
                search(query);
              }
            }}
          />
          <p id="kb-insert-hint" class="muted">
            {t.kbInsert.hint}
          </p>
          <p role="status" class="muted">
            {status}
          </p>
          {hits.length > 0 && (
            <ul class="kb-hits" aria-label={t.kbInsert.results}>
              {hits.map((hit) => (
                <li key={`${hit.locale}-${hit.id}`}>
                  <button
                    type="button"
                    class="link kb-hit"
                    lang={hit.locale}
                    aria-describedby={`${hit.locale !== props.locale ? `kb-lang-${hit.locale}-${hit.id} ` : ""}kb-hit-${hit.locale}-${hit.id}`}
                    onClick={() => insert(hit)}
                  >
                    {hit.title}
                  </button>
                  {hit.locale !== props.locale && " "}
                  {hit.locale !== props.locale && (
                    <span id={`kb-lang-${hit.locale}-${hit.id}`} class="kind">
                      {t.kbInsert.languages[hit.locale]}
                    </span>
                  )}
                  <p id={`kb-hit-${hit.locale}-${hit.id}`} class="muted snippet" lang={hit.locale}>
                    {hit.snippet}
                  </p>
                </li>
              ))}
            </ul>
          )}
          <button type="button" class="link" onClick={close}>
            {t.kbInsert.close}
          </button>
        </section>
      )}
    </div>
  );
}
