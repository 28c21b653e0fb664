/** Boundary lines found by reading the raw text, for the repairs that happen before (or instead of) a parse. */

const MAX_BOUNDARIES = 100;

/** The multipart boundaries a message declares, wherever they are. */
export function boundariesOf(text: string): string[] {
  const found = new Set<string>();
  // The `boundary` parameter itself, not one whose name ends so (`x-boundary=`).
  for (const m of text.matchAll(/(?:^|[;\s])boundary\s*=\s*(?:"([^"\r\n]+)"|([^\s;"]+))/gi)) {
    found.add((m[1] ?? m[2])!);
    if (found.size >= MAX_BOUNDARIES) break;
  }
  return [...found];
}

/** Offsets of the line breaks that start boundary lines (`\n--boundary`), closing ones included, in order. */
export function delimiterOffsets(
  text: string,
  limit: number,
): { at: number; closing: boolean; eol: number }[] {
  const found: { at: number; closing: boolean; eol: number }[] = [];
  for (const boundary of boundariesOf(text)) {
    const line = `\n--${boundary}`;
    for (let at = text.indexOf(line); at >= 0 && found.length < limit; at = text.indexOf(line, at + 1)) {
      const eol = text.indexOf("\n", at + 1);
      found.push({
        at,
        closing: text.startsWith("--", at + line.length),
        eol: eol < 0 ? text.length : eol + 1,
      });
    }
  }
  return found.sort((a, b) => a.at - b.at);
}

/**
 * Where an attached message (a message/rfc822 part starting its body at `bodyStart`) ends: at the next boundary
 * line of the multiparts declared before it. The boundaries it declares itself are inside it.
 */
export function attachedMessageEnd(text: string, partStart: number, bodyStart: number): number {
  let end = text.length;
  for (const boundary of boundariesOf(text.slice(0, partStart))) {
    const at = text.indexOf(`\n--${boundary}`, bodyStart);
    if (at >= 0 && at < end) end = at;
  }
  return end;
}
