import { words } from "../triage/text.ts";

/** Words too common to help find a ticket, in English and French (already folded: no accents). */
export const STOP_WORDS = new Set(
  `a an and are as at be been but by can could did do does for from had has have hello hi i if in into is it its
  me my no not of on or our please so than thank thanks that the their them then there these this to too up us was
  we were what when where which who why will with would you your
  au aux avec bonjour ce ces cette dans de des du elle en est et etre il ils je la le les leur lui ma mais me merci
  mes mon ne nous on ou par pas plus pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous`.split(
    /\s+/,
  ),
);

/** At most this many distinct terms are indexed per text (a long mail thread adds little past its first words). */
export const MAX_TERMS = 300;

/** The distinct search terms of a text: folded words (accents, case, plurals), without stop words. */
export function searchTerms(text: string, max = MAX_TERMS): string[] {
  const terms = new Set<string>();
  for (const word of words(text)) {
    if (STOP_WORDS.has(word) || word.length > 40) continue;
    terms.add(word);
    if (terms.size >= max) break;
  }
  return [...terms];
}
