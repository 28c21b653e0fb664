/** The `@partial name` being typed just before the caret, if any (start of text or after a space). */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|\s)@([\p{L}\p{N}.'_-]*(?: [\p{L}\p{N}.'_-]*)?)$/u.exec(text.slice(0, caret));
  if (!match) return null;
  const query = match[2]!;
  return { start: caret - query.length - 1, query };
}

/** Agents whose name (any word of it) or address starts with what was typed; at most six. */
export function mentionChoices<A extends { name: string; email: string }>(agents: A[], query: string): A[] {
  const q = query.toLowerCase();
  return agents
    .filter(
      (a) =>
        a.name.toLowerCase().startsWith(q) ||
        a.name
          .toLowerCase()
          .split(/\s+/)
          .some((word) => word.startsWith(q)) ||
        a.email.toLowerCase().startsWith(q),
    )
    .slice(0, 6);
}
