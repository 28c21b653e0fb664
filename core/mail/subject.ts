/**
 * The words the desk's own mail to a customer puts after its `[#n]` tag, in each language: built into those
 * subjects here so that a reply to one (a survey answered after the ticket closed, a late answer to the waiting
 * reminder) loses them with the tag, and the new ticket carries the customer's subject, not "How did we do? …".
 */
export const DESK_SUBJECT_WORDS = {
  acknowledgement: { en: "We received your request", fr: "Nous avons bien reçu votre demande" },
  survey: { en: "How did we do?", fr: "Comment s'est passée votre demande ?" },
  waiting: { en: "We are waiting for your answer", fr: "Nous attendons votre réponse" },
} as const;

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/**
 * Those words right after a tag, as the desk writes them: a question ("How did we do?") then a space or the end,
 * the others then the colon they take before the ticket's subject, or the end. A subject that merely starts with
 * them ("We received your requests for quotation", a ticket's own subject in an agent's reply) keeps them.
 */
const DESK_WORDS = `(?:\\s*(?:${Object.values(DESK_SUBJECT_WORDS)
  .flatMap((words) => Object.values(words))
  .map((words) => escaped(words) + (words.endsWith("?") ? "(?=\\s|$)" : "(?:\\s*:|\\s*$)"))
  .join("|")}))?`;

/**
 * A subject without the reply and forward prefixes clients put before it ("Re:", "RE:", "AW:", "Réf :", "TR:",
 * "Re[2]:", "回复：" …, however many) and without the desk's `[#n]` ticket tags (with the desk's own words after one:
 * `DESK_SUBJECT_WORDS`), spaces collapsed; case kept.
 * `numbers`: only the tags of these tickets go (a closed ticket's own, in a reply to it): a `[#1]` the customer
 * typed as words of theirs stays. Without it every tag goes (comparing two subjects of one thread).
 */
export function withoutReplyPrefixes(subject: string, numbers?: number[]): string {
  const tag = numbers ? `\\[#(?:${numbers.join("|")})\\]` : "\\[#\\d{1,12}\\]";
  const tags = new RegExp(tag + DESK_WORDS, "gi");
  let s = subject.replace(tags, " ");
  for (let i = 0; i < 10; i++) {
    const next = s.replace(
      /^\s*(re|res|aw|sv|ref|réf|antw|odp|pd|ynt|vs|r|fwd?|tr|wg|rv|enc|i|回复|答复|回覆|转发)\s*(\[\d+\])?\s*[:：]/i,
      "",
    );
    if (next === s) break;
    s = next;
  }
  return s.replace(/\s+/g, " ").trim();
}
