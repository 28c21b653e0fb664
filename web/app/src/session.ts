import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { api, setCsrf } from "./api.ts";
import type { Agent, DeskNames } from "./types.ts";

export interface Session {
  agent: Agent;
  signOut(): Promise<void>;
  /** The agent as the server now has it, after a change of their own (their signature). */
  setAgent(agent: Agent): void;
}
export const SessionContext = createContext<Session | null>(null);
export const useSession = () => useContext(SessionContext)!;

/** What signing in (or the session at start) tells the app: the agent, and the desk's name for the top bar. */
export interface SignedIn {
  agent: Agent;
  deskName: DeskNames;
}

/** The signed-in agent, or null: one GET that also hands over the session's CSRF token and the desk's name. */
export async function currentAgent(): Promise<SignedIn | null> {
  try {
    const { data } = await api<SignedIn & { csrfToken: string }>("/auth/me");
    setCsrf(data.csrfToken);
    return { agent: data.agent, deskName: data.deskName };
  } catch {
    return null;
  }
}

export async function signIn(email: string, password: string): Promise<SignedIn> {
  const { data } = await api<SignedIn & { csrfToken: string }>("/auth/login", {
    method: "POST",
    body: { email, password },
  });
  setCsrf(data.csrfToken);
  return { agent: data.agent, deskName: data.deskName };
}
