/**
 * A subject without the reply and forward prefixes clients put before it ("Re:", "RE:", "AW:", "Réf :", "TR:",
 * "Re[2]:", "回复：" …, however many) and without the desk's `[#n]` ticket tags, spaces collapsed; case kept.
 */
export function withoutReplyPrefixes(subject: string): string {
  let s = subject.replace(/\[#\d{1,12}\]/g, " ");
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
