import { beforeAll, describe, expect, it } from "vitest";
import { issueCsatToken } from "../../core/csat/csat.ts";
import { loadTicketItem } from "../../core/ticket/commit.ts";
import { call, signedInAgent, startTestDesk, submitTicket, type TestDesk } from "../support/desk.ts";
import { failDynamoCalls } from "../support/dynamo-faults.ts";

/**
 * A customer clicking "Good" in the satisfaction survey while DynamoDB refuses the ticket's read (throttled, its
 * retries spent): the page must say to try again — not that the link is invalid, which would lose the rating
 * for good — and the next click records it.
 */
let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
let heal: (() => void) | undefined;
beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app);
});

describe("a survey click while the ticket cannot be read", () => {
  it("answers 503 asking to click again (in English and French), and the next try counts", async () => {
    const { id } = await submitTicket(desk.app, { email: "survey-throttled@example.com" });
    const solved = await call(desk.app, "POST", `/api/tickets/${id}/replies`, {
      as: agent.session,
      body: { body: "Fixed.", status: "solved" },
    });
    expect(solved.status).toBe(201);
    const link = `/csat/${issueCsatToken(id)}?rating=good`;

    heal = failDynamoCalls(
      ({ command, text }) => command === "GetItemCommand" && text.includes(`TICKET#${id}`),
    );
    const refused = await desk.app.request(link);
    heal();
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("60");
    const page = await refused.text();
    expect(page).toContain("Please use the link again in a minute");
    expect(page).toContain("Réutilisez le lien dans une minute");
    expect(page).not.toContain("not valid");
    expect((await loadTicketItem(id)).csatRating).toBeUndefined();

    const again = await desk.app.request(link);
    expect(again.status).toBe(200);
    // The page's script (or its Send button) records the rating: refused writes ask to try again too.
    const post = () =>
      desk.app.request(link.split("?")[0]!, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "rating=good",
      });
    heal = failDynamoCalls(({ command }) => command === "TransactWriteItemsCommand");
    const unwritten = await post();
    heal();
    expect(unwritten.status).toBe(503);
    expect((await loadTicketItem(id)).csatRating).toBeUndefined();
    expect((await post()).status).toBe(200);
    expect((await loadTicketItem(id)).csatRating).toBe("good");
  });
});
