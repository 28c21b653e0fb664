import { describe, expect, it } from "vitest";
import { mentionedAgents } from "../../core/ticket/mentions.ts";
import { mentionAt, mentionChoices } from "../../web/app/src/components/mention.ts";
import { newTicketBody } from "../../web/app/src/pages/new-ticket.ts";

const agents = [
  { agentId: "a", name: "Ann Martin", email: "ann@desk.test", active: true },
  { agentId: "b", name: "Anna Bell", email: "anna@desk.test", active: true },
  { agentId: "c", name: "Chloé Dupré", email: "chloe@desk.test", active: false },
];

describe("mentions in a note", () => {
  it("finds agents by full name or address, at a word boundary", () => {
    expect(mentionedAgents("@Ann Martin please look", agents)).toEqual(["a"]);
    expect(mentionedAgents("cc @anna@desk.test.", agents)).toEqual(["b"]);
    expect(mentionedAgents("@ann martin and @Anna Bell", agents)).toEqual(["a", "b"]);
  });

  it("ignores partial names, addresses that merely contain a name, inactive agents and the author", () => {
    expect(mentionedAgents("@Ann Mart", agents)).toEqual([]);
    expect(mentionedAgents("write to bob@Ann Martin", agents)).toEqual([]);
    expect(mentionedAgents("@Chloé Dupré", agents)).toEqual([]);
    expect(mentionedAgents("@Ann Martin", agents, "a")).toEqual([]);
    expect(mentionedAgents("no mention here", agents)).toEqual([]);
  });
});

describe("mention completion in the app", () => {
  it("reads the @partial name before the caret", () => {
    expect(mentionAt("Hi @an", 6)).toEqual({ start: 3, query: "an" });
    expect(mentionAt("@Ann M", 6)).toEqual({ start: 0, query: "Ann M" });
    expect(mentionAt("mail me@an", 10)).toBeNull();
    expect(mentionAt("nothing", 7)).toBeNull();
  });

  it("offers agents whose name or address starts with it, six at most", () => {
    const people = agents.map((a) => ({ name: a.name, email: a.email }));
    expect(mentionChoices(people, "an").map((a) => a.name)).toEqual(["Ann Martin", "Anna Bell"]);
    expect(mentionChoices(people, "bel").map((a) => a.name)).toEqual(["Anna Bell"]);
    expect(mentionChoices(people, "chloe@").map((a) => a.name)).toEqual(["Chloé Dupré"]);
  });
});

describe("the app's new-ticket form", () => {
  it("sends no priority or team the agent did not pick", () => {
    const form = new FormData();
    for (const [k, v] of Object.entries({
      name: "Pat",
      email: "pat@example.com",
      subject: "Down",
      message: "Help",
      channel: "phone",
      locale: "en",
      priority: "",
      team: "",
    }))
      form.set(k, v);
    expect(newTicketBody(form)).toEqual({
      name: "Pat",
      email: "pat@example.com",
      subject: "Down",
      message: "Help",
      channel: "phone",
      locale: "en",
    });
    form.set("priority", "low");
    expect(newTicketBody(form)).toMatchObject({ priority: "low" });
  });
});
