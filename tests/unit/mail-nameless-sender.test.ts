import { describe, expect, it } from "vitest";
import { mailbox, mailboxText, personName } from "../../core/mail/address.ts";
import { sendingAddressOnly } from "../../core/mail/automatic.ts";
import { parseMail } from "../../core/mail/parse.ts";
import { chooseRequester } from "../../core/mail/sender.ts";

/**
 * A sender with no display name at an internationalised domain: the name stored is the address as stored (ASCII), as for any nameless sender, never a decoded form of it; the
 * Unicode form is made where a person reads it.
 */

describe("a nameless sender at an internationalised domain", () => {
  it.each([["From"], ["Reply-To"], ["Sender"]])("gives no decoded name from %s either", async (header) => {
    const from =
      header === "Sender"
        ? "From: <>\r\nSender: jose@xn--socit-esab.fr"
        : `${header}: jose@xn--socit-esab.fr`;
    const extra = header === "Reply-To" ? "\r\nFrom: Web form <noreply@forms.example>" : "";
    const raw = Buffer.from(
      `${from}${extra}\r\nTo: support@desk.localhost\r\nSubject: Hi\r\nMessage-ID: <n@x.example>\r\n\r\nHello\r\n`,
    );
    const requester = chooseRequester(await parseMail(raw), sendingAddressOnly("support@desk.localhost"));
    expect(requester).toMatchObject({ address: "jose@xn--socit-esab.fr", name: "jose@xn--socit-esab.fr" });
  });

  it("is greeted and shown in Unicode, and mailed with the address alone", () => {
    expect(personName("jose@xn--socit-esab.fr", "jose@xn--socit-esab.fr")).toBe("jose@société.fr");
    // A name stored decoded by an earlier version reads the same.
    expect(personName("jose@société.fr", "jose@xn--socit-esab.fr")).toBe("jose@société.fr");
    expect(personName("José Martin", "jose@xn--socit-esab.fr")).toBe("José Martin");
    expect(personName("", "jose@xn--socit-esab.fr")).toBe("jose@société.fr");
    expect(mailboxText("jose@xn--socit-esab.fr", "jose@xn--socit-esab.fr")).toBe("jose@société.fr");
    expect(mailbox("jose@xn--socit-esab.fr", "jose@xn--socit-esab.fr")).toEqual({
      name: "",
      address: "jose@xn--socit-esab.fr",
    });
    expect(mailbox("jose@xn--socit-esab.fr", "José Martin").name).toBe("José Martin");
  });
});
