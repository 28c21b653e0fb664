import { store } from "../store/index.ts";

/** An agent's presence lasts this long unless renewed (the app renews it every 20 s while the ticket is open). */
const TTL_S = 45;

/** Records that an agent has the ticket open (or is writing in it). One PutItem, 1 WRU. */
export async function markPresence(
  ticketId: string,
  agent: { agentId: string; name: string },
  state: "viewing" | "replying",
  now = new Date(),
) {
  await store()
    .entities.presence.put({
      ticketId,
      agentId: agent.agentId,
      name: agent.name,
      state,
      at: now.toISOString(),
      expiresAt: Math.floor(now.getTime() / 1000) + TTL_S,
    })
    .go();
}

/** Who else has the ticket open now (TTL deletes lazily, so expiry is checked here too). One Query. */
export async function whoIsHere(ticketId: string, me: string, now = new Date()) {
  const { data } = await store().entities.presence.query.byTicket({ ticketId }).go();
  const second = Math.floor(now.getTime() / 1000);
  return data
    .filter((p) => p.agentId !== me && p.expiresAt > second)
    .map((p) => ({ agentId: p.agentId, name: p.name, state: p.state, at: p.at }));
}
