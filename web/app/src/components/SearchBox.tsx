import { useRef } from "preact/hooks";
import { useLocation } from "preact-iso";
import { useKeys } from "../keys.ts";
import { t } from "../strings.ts";

/** The header's search field; `/` jumps to it. */
export function SearchBox() {
  const location = useLocation();
  const input = useRef<HTMLInputElement>(null);
  useKeys({ "/": () => input.current?.focus() }, []);
  return (
    <search>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const q = input.current?.value.trim();
          if (q) location.route(`/app/search?q=${encodeURIComponent(q)}`);
        }}
      >
        <label class="sr-only" for="search">
          {t.search}
        </label>
        <input id="search" ref={input} type="search" placeholder={t.searchPlaceholder} />
      </form>
    </search>
  );
}
