/**
 * A subject without the reply and forward prefixes clients put before it ("Re:", "RE:", "AW:", "Réf :", "TR:",
 * "Re[2]:", "回复：" …, however many) and without the desk's `[#n]` ticket tags, spaces collapsed; case kept.
 * `numbers`: only the tags of these tickets go (a closed ticket's own, in a reply to it): a `[#1]` the customer
 * typed as words of theirs stays. Without it every tag goes (comparing two subjects of one thread).
 */
export function withoutReplyPrefixes(subject: string, numbers?: number[]): string {
  const tags = numbers ? new RegExp(`\\[#(?:${numbers.join("|")})\\]`, "g") : /\[#\d{1,12}\]/g;
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
