import { store } from "../store/index.ts";

interface Mentionable {
  agentId: string;
  name: string;
  email: string;
  active: boolean;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The agents a note names with `@Full Name` or `@email` (case-insensitive; the name must end at a word boundary,
 * so `@Ann` does not name "Anna"). Inactive agents and the author are left out: nobody is told about their own note.
 */
export function mentionedAgents(body: string, agents: Mentionable[], authorId?: string): string[] {
  if (!body.includes("@")) return [];
  return agents
    .filter((a) => a.active && a.agentId !== authorId)
    .filter((a) =>
      [a.email, a.name].some((label) =>
        new RegExp(`(^|[^\\p{L}\\p{N}._%+-])@${escapeRegExp(label)}(?![\\p{L}\\p{N}])`, "iu").test(body),
      ),
    )
    .map((a) => a.agentId);
}

/** Every agent of the directory (one Query on its small partition), for matching mentions. */
export async function directoryForMentions(): Promise<Mentionable[]> {
  const { data } = await store().entities.agent.query.directory({}).go({ pages: "all" });
  return data;
}

/** Agents mentioned in a note body; reads the directory only when the note has an `@`. */
export async function findMentions(body: string, authorId: string): Promise<string[]> {
  if (!body.includes("@")) return [];
  return mentionedAgents(body, await directoryForMentions(), authorId);
}
