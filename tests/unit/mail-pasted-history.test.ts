import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseMail } from "../../core/mail/parse.ts";

/**
 * Quoted history is cut only when it is the desk's own conversation quoted back (a reply, or a block naming the
 * desk or this mail's subject): a message the writer pasted or forwarded from someone else is their evidence and
 * stays (tests/fixtures/email/desk/rw10-*.eml).
 */

const desk = "support@desk.localhost";
const parse = (name: string) =>
  parseMail(readFileSync(join(import.meta.dirname, "../fixtures/email/desk", name)));
const message = (head: string, body: string) =>
  parseMail(
    Buffer.from(
      `From: Ines Garcia <ines@client.example>\r\nTo: ${desk}\r\nMessage-ID: <p@client.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n${head}\r\n\r\n${body.replaceAll("\n", "\r\n")}`,
    ),
  );

describe("a message pasted in a new mail", () => {
  it("keeps Outlook's '-----Original Message-----' block of another conversation (EN)", async () => {
    expect((await parse("rw10-outlook-original-pasted-en.eml")).visibleText).toBe(
      "My manager approved it, see below.\n\n-----Original Message-----\nFrom: Pedro Manager <pedro@client.example>\nSent: Monday, December 7, 2026 9:00 AM\nTo: Ines Garcia <ines@client.example>\nSubject: RE: shared drive access\n\nApproved. Please give Ines read/write on the finance share.\n\nPedro",
    );
  });

  it("keeps Outlook's French header block 'De : … Envoyé : … À : … Objet :' of another conversation", async () => {
    expect((await parse("rw10-outlook-pasted-fr.eml")).visibleText).toBe(
      "Mon responsable a validé, voir ci-dessous.\n\nDe : Pedro Manager <pedro@client.example>\nEnvoyé : lundi 7 décembre 2026 09:00\nÀ : Ines Garcia <ines@client.example>\nObjet : RE: accès au partage\n\nValidé. Merci de donner à Ines les droits en écriture sur le partage finance.\n\nPedro",
    );
  });

  it("keeps a quoted answer under someone else's attribution ('On … wrote:', 'Le … a écrit :')", async () => {
    expect((await parse("rw10-gmail-pasted-en.eml")).visibleText).toBe(
      "Our vendor says it is on our side, see their answer:\n\nOn Mon, Dec 7, 2026 at 9:00 AM Vendor Support <help@vendor.example> wrote:\n> The export fails because your proxy blocks port 8443.\n> Please ask your IT to open it for payroll.vendor.example.",
    );
    expect((await parse("rw10-gmail-pasted-fr.eml")).visibleText).toBe(
      "L'éditeur dit que le problème est chez nous :\n\nLe lun. 7 déc. 2026 à 09:00, Support Éditeur <help@vendor.example> a écrit :\n> L'export échoue car votre proxy bloque le port 8443.\n> Merci de demander à votre service informatique de l'ouvrir.",
    );
  });

  it("keeps a block with no address, and the writer's sure signature still goes above it", async () => {
    const mail = await message(
      "Subject: Need access (name only)",
      "See below.\n-- \nInes Garcia\nFinance\n\n-----Original Message-----\nFrom: Pedro Manager\nSent: Monday, December 7, 2026 9:00 AM\nTo: Ines Garcia\nSubject: RE: shared drive access\n\nApproved.",
    );
    expect(mail.visibleText).toBe(
      "See below.\n\n-----Original Message-----\nFrom: Pedro Manager\nSent: Monday, December 7, 2026 9:00 AM\nTo: Ines Garcia\nSubject: RE: shared drive access\n\nApproved.",
    );
  });

  it("still cuts the desk's own message quoted in a new mail (its address in the attribution or header block)", async () => {
    expect((await parse("rw10-new-mail-quoting-desk.eml")).visibleText).toBe("Still no access this evening.");
    const outlook = await message(
      "Subject: Still no access",
      "Still nothing.\n\n-----Original Message-----\nFrom: Help desk <support@desk.localhost>\nSent: Monday, December 7, 2026 2:41 PM\nTo: Ines Garcia <ines@client.example>\nSubject: [#20] We received your request: Need access\n\nWe received your request.",
    );
    expect(outlook.visibleText).toBe("Still nothing.");
    // A block of this mail's own subject is this conversation's.
    const own = await message(
      "Subject: Printer jam",
      "Again today.\n\n-----Original Message-----\nFrom: Ines Garcia <ines@client.example>\nSent: Monday, December 7, 2026 9:00 AM\nTo: support@desk.localhost\nSubject: Printer jam\n\nThe printer jams.",
    );
    expect(own.visibleText).toBe("Again today.");
  });
});

describe("a reply", () => {
  it("keeps another conversation's block it pastes, and cuts the desk's message quoted below it", async () => {
    expect((await parse("rw10-reply-pasted-original-then-desk.eml")).visibleText).toBe(
      "Adding the approval from HR as well:\n\n-----Original Message-----\nFrom: HR Team <hr@client.example>\nSent: Monday, December 7, 2026 5:00 PM\nTo: Ines Garcia <ines@client.example>\nSubject: FW: shared drive access\n\nHR approves access to the finance share for Ines until 2027-06-30.",
    );
  });

  it("still cuts the quoted message it answers ('On … wrote:', 'Le … a écrit :'), whoever wrote it", async () => {
    const head =
      "Subject: Re: Printer jam\r\nIn-Reply-To: <first@client.example>\r\nReferences: <first@client.example>";
    const en = await message(
      head,
      "Still jammed.\n\nOn Mon, Dec 7, 2026 at 9:00 AM Ines Garcia <ines@client.example> wrote:\n> The printer jams.",
    );
    expect(en.visibleText).toBe("Still jammed.");
    const fr = await message(
      head,
      "Toujours bloquée.\n\nLe lun. 7 déc. 2026 à 09:00, Ines Garcia <ines@client.example> a écrit :\n> L'imprimante bloque.",
    );
    expect(fr.visibleText).toBe("Toujours bloquée.");
  });
});

describe("review: whose history it is", () => {
  it("keeps a pasted answer from an 'IT Help Desk' of the customer's own (the desk is named 'Help desk')", async () => {
    const mail = await message(
      "Subject: VPN drops",
      "Our IT says it is your server:\n\nOn Mon, Dec 7, 2026 at 9:00 AM IT Help Desk <it@client.example> wrote:\n> The VPN gateway is yours, please contact them.",
    );
    expect(mail.visibleText).toContain("The VPN gateway is yours");
  });

  it("cuts the desk's message under an attribution without its address ('…, Help desk a écrit :')", async () => {
    const mail = await message(
      "Subject: Toujours en panne",
      "Toujours en panne ce matin.\n\nLe lun. 7 déc. 2026 à 09:00, Help desk a écrit :\n> Nous avons bien reçu votre demande.",
    );
    expect(mail.visibleText).toBe("Toujours en panne ce matin.");
  });

  it("keeps a vendor's mail pasted under its own subject, kept as the new mail's", async () => {
    const mail = await message(
      "Subject: Invoice 12",
      "FYI below\n\nFrom: Vendor <billing@vendor.example>\nSent: Monday, December 7, 2026 9:00 AM\nTo: Ines <ines@client.example>\nSubject: Invoice 12\n\nPay 400 EUR now.",
    );
    expect(mail.visibleText).toContain("Pay 400 EUR now.");
  });

  it("cuts the desk's block of a renamed conversation by the [#n] in its subject", async () => {
    const mail = await message(
      "Subject: Printer still broken",
      "Still broken.\n\nFrom: Help desk\nSent: Monday, December 7, 2026 9:00 AM\nTo: Ines Garcia\nSubject: [#12] Printer\n\nWe are on it.",
    );
    expect(mail.visibleText).toBe("Still broken.");
  });
});
