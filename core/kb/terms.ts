import { stemmer as english } from "@orama/stemmers/english";
import { stemmer as french } from "@orama/stemmers/french";
import { STOP_WORDS } from "../search/terms.ts";

const stemmers = { en: english, fr: french } as const;
const fold = (word: string) => word.normalize("NFD").replace(/\p{Diacritic}/gu, "");

/**
 * Words → search terms for the knowledge base: lower case, stemmed in the article's language (so `printers`,
 * `printing` and `printer` meet, as do `imprimantes` and `imprimer`), then accents folded; stop words dropped.
 */
export function kbTerm(word: string, locale: "en" | "fr"): string | null {
  const lower = word.toLowerCase();
  const folded = fold(lower);
  if (folded.length < 2 || STOP_WORDS.has(folded)) return null;
  return fold(stemmers[locale](lower));
}

export const kbTokenize = (text: string) => text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
