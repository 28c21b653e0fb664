/** Boundary lines found by reading the raw text, for the repairs that happen before (or instead of) a parse. */

const MAX_BOUNDARIES = 100;

/** The `boundary` parameter itself, not one whose name ends so (`x-boundary=`). */
const BOUNDARY_PARAM = /(?:^|[;\s])boundary\s*=\s*(?:"([^"\r\n]+)"|([^\s;"]+))/gi;

/** The multipart boundaries a message declares, wherever they are. */
export function boundariesOf(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(BOUNDARY_PARAM)) {
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
 * Where each attached message (a message/rfc822 part starting at `partStart`, its body at `bodyStart`) ends, for
 * the parts of one text read in order: at the next boundary line of the multiparts declared before it (the
 * boundaries it declares itself are inside it). Each boundary's next line is looked for once per stretch of text,
 * not from each part: the text before every one of 2,000 attached messages, scanned again for each, took seconds
 * per megabyte.
 */
export function attachedMessageEnds(text: string): (partStart: number, bodyStart: number) => number {
  const declared: { boundary: string; at: number }[] = [];
  const seen = new Set<string>();
  for (const m of text.matchAll(BOUNDARY_PARAM)) {
    const boundary = (m[1] ?? m[2])!;
    if (seen.has(boundary)) continue;
    seen.add(boundary);
    declared.push({ boundary, at: m.index });
    if (seen.size >= MAX_BOUNDARIES) break;
  }
  /** For each boundary, the line last found (-1: none) searching from `from`: no line of it in [from, at). */
  const found = new Map<string, { from: number; at: number }>();
  const nextLine = (boundary: string, from: number) => {
    const known = found.get(boundary);
    if (known && known.from <= from && (known.at < 0 || known.at >= from)) return known.at;
    const at = text.indexOf(`\n--${boundary}`, from);
    found.set(boundary, { from, at });
    return at;
  };
  return (partStart, bodyStart) => {
    let end = text.length;
    for (const { boundary, at: declaredAt } of declared) {
      if (declaredAt >= partStart) break;
      const at = nextLine(boundary, bodyStart);
      if (at >= 0 && at < end) end = at;
    }
    return end;
  };
}
