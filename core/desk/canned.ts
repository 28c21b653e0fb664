import * as z from "zod";
import { notFound } from "../error.ts";
import { newId } from "../ids.ts";
import { store } from "../store/index.ts";
import { multiLine, singleLine } from "../text.ts";
import { TEXT_LIMITS } from "../text-limits.ts";

export const CannedInput = z.object({
  title: singleLine().trim().min(1).max(TEXT_LIMITS.cannedTitle),
  body: multiLine().trim().min(1).max(TEXT_LIMITS.cannedBody),
});
export const CannedUpdate = CannedInput.partial();

const toCanned = (c: { cannedId: string; title: string; body: string; updatedAt: string }) => ({
  id: c.cannedId,
  title: c.title,
  body: c.body,
  updatedAt: c.updatedAt,
});

/** Every canned reply, by title: one Query of the small config partition. */
export async function listCanned() {
  const { data } = await store().entities.cannedReply.query.byId({}).go({ pages: "all" });
  return data.map(toCanned).sort((a, b) => a.title.localeCompare(b.title));
}

export async function createCanned(input: z.infer<typeof CannedInput>, now = new Date()) {
  const at = now.toISOString();
  const item = { cannedId: newId(now), ...input, createdAt: at, updatedAt: at };
  await store().entities.cannedReply.create(item).go();
  return toCanned(item);
}

export async function updateCanned(id: string, input: z.infer<typeof CannedUpdate>, now = new Date()) {
  try {
    const { data } = await store()
      .entities.cannedReply.patch({ cannedId: id })
      .set({ ...input, updatedAt: now.toISOString() })
      .go({ response: "all_new" });
    return toCanned({ ...data, cannedId: id });
  } catch (error) {
    if (String(error).includes("conditional request failed")) throw notFound("Canned reply");
    throw error;
  }
}

export async function deleteCanned(id: string) {
  const { data } = await store().entities.cannedReply.delete({ cannedId: id }).go({ response: "all_old" });
  if (!data) throw notFound("Canned reply");
}
