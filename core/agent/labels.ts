/**
 * How a person tells agents apart where only a name would stand (a report's row, a CSV cell, a list): the name
 * alone, or "Name (address)" when another agent has the same name (case and surrounding spaces ignored).
 * Pure, so the agent app labels its directory the same way as the server's CSV.
 */
export function agentLabels(agents: readonly { id: string; name: string; email: string }[]) {
  const same = (name: string) => name.trim().toLocaleLowerCase();
  const count = new Map<string, number>();
  for (const agent of agents) count.set(same(agent.name), (count.get(same(agent.name)) ?? 0) + 1);
  return new Map(
    agents.map((agent) => [
      agent.id,
      (count.get(same(agent.name)) ?? 0) > 1 ? `${agent.name} (${agent.email})` : agent.name,
    ]),
  );
}
