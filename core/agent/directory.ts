import * as z from "zod";
import { DeskError, notFound } from "../error.ts";
import { store } from "../store/index.ts";
import { multiLine, singleLine } from "../text.ts";
import { TEXT_LIMITS } from "../text-limits.ts";

const Slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "Lowercase letters, digits and dashes, up to 40 characters");

/** Names the reports and queues use for "no team", "the whole desk" and "nobody": never a team's id. */
const RESERVED = ["all", "none", "unassigned"];

export const TeamInput = z.object({
  id: Slug.refine((id) => !RESERVED.includes(id), "all, none and unassigned are reserved"),
  name: singleLine().trim().min(1).max(TEXT_LIMITS.directoryName),
  /** The name the French app shows; `name` where it is missing. */
  nameFr: singleLine().trim().min(1).max(TEXT_LIMITS.directoryName).optional(),
  description: multiLine().trim().max(500).optional(),
  /** Triage assigns the team's new tickets to its available agents (default on). */
  autoAssign: z.boolean().optional(),
  /** The tier the team works at. */
  tier: z.enum(["L1", "L2", "L3", "L4"]).optional(),
  /** Where this team's tickets go when they breach their SLA: the team of the next tier up. */
  escalatesTo: Slug.nullable().optional(),
});
export const TeamUpdate = TeamInput.omit({ id: true })
  .partial()
  /** tier null: the team works at no particular tier any more; nameFr null: the French app shows `name`. */
  .extend({
    tier: z.enum(["L1", "L2", "L3", "L4"]).nullable().optional(),
    nameFr: singleLine().trim().min(1).max(TEXT_LIMITS.directoryName).nullable().optional(),
  });
/** The KB's word for "no category" (core/kb/articles.ts): a category with this id would vanish from its articles. */
const NO_CATEGORY = "general";
export const CategoryInput = z.object({
  id: Slug,
  name: singleLine().trim().min(1).max(TEXT_LIMITS.directoryName),
  /** The name French pages show (the help center at /fr/help); `name` where it is missing. */
  nameFr: singleLine().trim().min(1).max(TEXT_LIMITS.directoryName).optional(),
  defaultTeam: Slug.optional(),
  /** Words or phrases that put a ticket in this category, in English or French (`mot de passe`, `VPN`). */
  keywords: z.array(singleLine().trim().min(2).max(60)).max(100).optional(),
});
export const CategoryUpdate = CategoryInput.omit({ id: true })
  .partial()
  /** null: no default team any more. */
  .extend({ defaultTeam: Slug.nullable().optional() });

const exists = (what: string, id: string) =>
  new DeskError("conflict", "already_exists", `${what} "${id}" already exists`);

/** All teams: one Query on the small config partition. */
export async function listTeams() {
  const { data } = await store().entities.team.query.byId({}).go({ pages: "all" });
  return data.map(toTeam);
}

const toTeam = (t: {
  teamId: string;
  tier?: "L1" | "L2" | "L3" | "L4";
  name: string;
  nameFr?: string;
  description?: string;
  autoAssign?: boolean;
  escalatesTo?: string;
}) => ({
  id: t.teamId,
  name: t.name,
  nameFr: t.nameFr ?? null,
  description: t.description ?? null,
  autoAssign: t.autoAssign ?? true,
  tier: t.tier ?? null,
  escalatesTo: t.escalatesTo ?? null,
});

export async function createTeam(input: z.infer<typeof TeamInput>, now = new Date()) {
  const at = now.toISOString();
  if (input.escalatesTo) await assertTeam(input.escalatesTo, "escalatesTo");
  const item = {
    teamId: input.id,
    name: input.name,
    nameFr: input.nameFr,
    description: input.description,
    autoAssign: input.autoAssign ?? true,
    tier: input.tier,
    escalatesTo: input.escalatesTo ?? undefined,
    createdAt: at,
    updatedAt: at,
  };
  try {
    await store().entities.team.create(item).go();
  } catch (error) {
    if (String(error).includes("conditional request failed")) throw exists("Team", input.id);
    throw error;
  }
  return toTeam(item);
}

export async function updateTeam(id: string, input: z.infer<typeof TeamUpdate>, now = new Date()) {
  await assertTeam(id);
  if (input.escalatesTo) await assertTeam(input.escalatesTo, "escalatesTo");
  const { escalatesTo, tier, nameFr, ...rest } = input;
  let update = store()
    .entities.team.patch({ teamId: id })
    .set({
      ...rest,
      ...(escalatesTo ? { escalatesTo } : {}),
      ...(tier ? { tier } : {}),
      ...(nameFr ? { nameFr } : {}),
      updatedAt: now.toISOString(),
    });
  const cleared = [
    ...(escalatesTo === null ? ["escalatesTo"] : []),
    ...(tier === null ? ["tier"] : []),
    ...(nameFr === null ? ["nameFr"] : []),
  ];
  if (cleared.length > 0) update = update.remove(cleared as ("escalatesTo" | "tier" | "nameFr")[]);
  const { data } = await update.go({ response: "all_new" });
  return toTeam({ ...data, teamId: id });
}

export async function listCategories() {
  const { data } = await store().entities.category.query.byId({}).go({ pages: "all" });
  return data.map(({ categoryId, name, nameFr, defaultTeam, keywords }) => ({
    id: categoryId,
    name,
    nameFr: nameFr ?? null,
    defaultTeam: defaultTeam ?? null,
    keywords: keywords ?? [],
  }));
}

export async function createCategory(input: z.infer<typeof CategoryInput>, now = new Date()) {
  if (input.id === NO_CATEGORY) {
    const message = `"${NO_CATEGORY}" means "no category" in the knowledge base; choose another id`;
    throw new DeskError("validation", "reserved_id", message, { fields: { id: message } });
  }
  if (input.defaultTeam) await assertTeam(input.defaultTeam);
  const at = now.toISOString();
  try {
    await store()
      .entities.category.create({
        categoryId: input.id,
        name: input.name,
        nameFr: input.nameFr,
        defaultTeam: input.defaultTeam,
        keywords: input.keywords ?? [],
        createdAt: at,
        updatedAt: at,
      })
      .go();
  } catch (error) {
    if (String(error).includes("conditional request failed")) throw exists("Category", input.id);
    throw error;
  }
  return {
    id: input.id,
    name: input.name,
    nameFr: input.nameFr ?? null,
    defaultTeam: input.defaultTeam ?? null,
    keywords: input.keywords ?? [],
  };
}

export async function updateCategory(id: string, input: z.infer<typeof CategoryUpdate>, now = new Date()) {
  await assertCategory(id);
  if (input.defaultTeam) await assertTeam(input.defaultTeam);
  const { defaultTeam, ...rest } = input;
  let update = store()
    .entities.category.patch({ categoryId: id })
    .set({ ...rest, ...(defaultTeam ? { defaultTeam } : {}), updatedAt: now.toISOString() });
  if (defaultTeam === null) update = update.remove(["defaultTeam"]);
  const { data } = await update.go({ response: "all_new" });
  return {
    id,
    name: data.name,
    nameFr: data.nameFr ?? null,
    defaultTeam: data.defaultTeam ?? null,
    keywords: data.keywords ?? [],
  };
}

const invalidField = (field: string, message: string) =>
  new DeskError("validation", "validation", message, { fields: { [field]: message } });

export async function assertTeam(teamId: string, field = "team"): Promise<void> {
  const { data } = await store().entities.team.get({ teamId }).go();
  if (!data) throw invalidField(field, `No team "${teamId}"`);
}

export async function assertCategory(categoryId: string): Promise<void> {
  const { data } = await store().entities.category.get({ categoryId }).go();
  if (!data) throw invalidField("category", `No category "${categoryId}"`);
}

/** A ticket can only be assigned to an active agent. */
export async function assertAssignable(agentId: string): Promise<void> {
  const { data } = await store().entities.agent.get({ agentId }).go();
  if (!data?.active) throw invalidField("assigneeId", "No active agent with this id");
}

export async function getTeamOrThrow(teamId: string) {
  const { data } = await store().entities.team.get({ teamId }).go();
  if (!data) throw notFound("Team");
  return data;
}
