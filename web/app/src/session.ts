import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { api, setCsrf } from "./api.ts";
import type { Agent } from "./types.ts";

export interface Session {
  agent: Agent;
  signOut(): Promise<void>;
  /** The agent as the server now has it, after a change of their own (their signature). */
  setAgent(agent: Agent): void;
}
export const SessionContext = createContext<Session | null>(null);
export const useSession = () => useContext(SessionContext)!;

/** The signed-in agent, or null: one GET that also hands over the session's CSRF token. */
export async function currentAgent(): Promise<Agent | null> {
  try {
    const { data } = await api<{ agent: Agent; csrfToken: string }>("/auth/me");
    setCsrf(data.csrfToken);
    return data.agent;
  } catch {
    return null;
  }
}

export async function signIn(email: string, password: string): Promise<Agent> {
  const { data } = await api<{ agent: Agent; csrfToken: string }>("/auth/login", {
    method: "POST",
    body: { email, password },
  });
  setCsrf(data.csrfToken);
  return data.agent;
}
