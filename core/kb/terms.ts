import { stemmer as english } from "@orama/stemmers/english";
import { stemmer as french } from "@orama/stemmers/french";
import { STOP_WORDS } from "../search/terms.ts";

const stemmers = { en: english, fr: french } as const;
const fold = (word: string) => word.normalize("NFD").replace(/\p{Diacritic}/gu, "");
/**
 * The French stemmer reads accents (`-ité`, `-ée` are endings it removes), but customers often type without them:
 * the folded word gets back the é of those two endings before it is stemmed, so `securite` and `sécurité` both
 * become `secur` (and meet `sécuriser`'s neighbours as before), `bloquee` and `bloquée` both `bloqu`.
 */
const FRENCH_ENDINGS: [RegExp, string][] = [
  [/ite(s?)$/, "ité$1"],
  [/ee(s?)$/, "ée$1"],
  // Past participles in -ié/-yé meet their verb (`oublié`, `oublier`; `envoyé`, `envoyer`).
  [/([iy])e(s?)$/, "$1é$2"],
];
const reaccent = (folded: string) =>
  FRENCH_ENDINGS.reduce((w, [ending, accented]) => w.replace(ending, accented), folded);

/**
 * Words → search terms for the knowledge base: lower case, accents folded, then stemmed in the article's language
 * (so `printers`, `printing` and `printer` meet, as do `imprimantes` and `imprimer`); stop words dropped. Folding
 * comes first, so a word typed with or without its accents gives one term (one per word: the index stays as
 * small as it was). Changing what a word gives: raise KB_TERMS_FORMAT in search-index.ts.
 */
export function kbTerm(word: string, locale: "en" | "fr"): string | null {
  const folded = fold(word.toLowerCase());
  if (folded.length < 2 || STOP_WORDS.has(folded)) return null;
  return fold(stemmers[locale](locale === "fr" ? reaccent(folded) : folded));
}

export const kbTokenize = (text: string) => text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
