import { describe, expect, it } from "vitest";
import { automaticReasons, sendingAddressOnly } from "../../core/mail/automatic.ts";
import { MAX_BODY_CHARS, parseMail } from "../../core/mail/parse.ts";
import { cutReplyHeaderBlock } from "../../core/mail/quoted-history.ts";
import { replyText } from "../../core/mail/reply-text.ts";
import { decodeUtf7 } from "../../core/mail/utf7.ts";

/**
 * Third review of inbound mail: quoted history a sign-off made the reply parser take for a signature, taglines
 * that were the writer's own sentence, customers' subjects taken for auto-replies, and attached messages.
 */

const desk = sendingAddressOnly("support@desk.localhost");
const message = (head: string, body: string) =>
  Buffer.from(
    `From: Karl <a@client.example>\r\nTo: Help desk <${desk.from}>\r\nMessage-ID: <m@client.example>\r\nMIME-Version: 1.0\r\n${head}\r\n\r\n${body}`,
    "latin1",
  );
const utf8Subject = (subject: string) => `Subject: =?UTF-8?B?${Buffer.from(subject).toString("base64")}?=`;
const plain = (subject: string, body: string, head = "") =>
  parseMail(
    message(
      `${utf8Subject(subject)}\r\n${head}Content-Type: text/plain; charset=utf-8`,
      Buffer.from(body.replace(/\n/g, "\r\n"), "utf8").toString("latin1"),
    ),
  );

describe("quoted history the reply parser took for a signature stays hidden", () => {
  it("hides Yahoo Mail's Italian attribution and the unquoted desk text under it", async () => {
    const body =
      " Ancora rotto dopo l'aggiornamento del BIOS.\n\n    In data domenica 6 dicembre 2026, 10:00:00 CET, Help desk <support@desk.localhost> ha scritto:  \n \n Tenga premuto il tasto di accensione per 10 s.\n  ";
    expect((await plain("Re: [#7] Portatile", body)).visibleText).toBe(
      "Ancora rotto dopo l'aggiornamento del BIOS.",
    );
  });

  it.each([
    [
      "Turkish",
      "Kimden: Help desk <support@desk.localhost>\nGönderildi: 7 Aralık 2026 Pazartesi 10:00\nKime: Karl <a@client.example>\nKonu: YNT: Yazıcı",
      "Merhaba Karl, lütfen tekrar deneyin.",
    ],
    [
      "Czech",
      "Od: Help desk <support@desk.localhost>\nOdesláno: pondělí 7. prosince 2026 10:00\nKomu: Karl <a@client.example>\nPředmět: RE: Yazıcı",
      "Dobrý den Karle, zkuste to prosím znovu.",
    ],
    [
      "Hungarian",
      "Feladó: Help desk <support@desk.localhost>\nElküldve: 2026. december 7., hétfő 10:00\nCímzett: Karl <a@client.example>\nTárgy: VS: Yazıcı",
      "Kedves Karl, kérjük, próbálja újra.",
    ],
    [
      "Finnish",
      "Lähettäjä: Help desk <support@desk.localhost>\nLähetetty: maanantai 7. joulukuuta 2026 10.00\nVastaanottaja: Karl <a@client.example>\nAihe: VS: Yazıcı",
      "Hei Karl, yritä uudelleen.",
    ],
    [
      "Russian",
      "От: Help desk <support@desk.localhost>\nОтправлено: 7 декабря 2026 г. 10:00\nКому: Karl <a@client.example>\nТема: RE: Yazıcı",
      "Здравствуйте, Карл, попробуйте ещё раз.",
    ],
  ])("hides Outlook's %s reply header block under a sign-off", async (_, header, quoted) => {
    const mail = await plain("YNT: Yazıcı", `Hala bozuk.\n\nCheers,\nKarl\n\n${header}\n\n${quoted}`);
    expect(mail.visibleText).toBe("Hala bozuk.\n\nCheers,\nKarl");
  });

  it.each([
    ["Turkish", "Kimden: Help desk <x@y.example>\nGönderildi: 7 Aralık 2026\nKime: Karl\nKonu: YNT: Yazıcı"],
    ["Czech", "Od: Help desk\nOdesláno: 7. prosince 2026\nKomu: Karl\nPředmět: RE: Yazıcı"],
    ["Hungarian", "Feladó: Help desk\nElküldve: 2026. december 7.\nCímzett: Karl\nTárgy: VS: Yazıcı"],
    ["Finnish", "Lähettäjä: Help desk\nLähetetty: 7. joulukuuta 2026\nVastaanottaja: Karl\nAihe: VS: Yazıcı"],
    ["Russian", "От: Help desk\nОтправлено: 7 декабря 2026 г.\nКому: Karl\nТема: RE: Yazıcı"],
  ])("knows Outlook's %s reply header block of this conversation without a sign-off", (_, header) => {
    expect(
      cutReplyHeaderBlock(`Hala bozuk.\n\nKarl\n\n${header}\n\nMerhaba.`, { subject: "YNT: Yazıcı" }),
    ).toBe("Hala bozuk.\n\nKarl");
  });

  it("cuts a shown sign-off at a header line naming the desk, in a language no list knows", () => {
    const text =
      "Ακόμα χαλασμένο.\n\nRegards,\nKarl\n\nΑπό: Help desk <Support+7@Desk.localhost>\nΣτάλθηκε: Δευτέρα 10:00\n\nΓεια σας Karl, δοκιμάστε ξανά.";
    expect(replyText(text, desk)).toBe("Ακόμα χαλασμένο.\n\nRegards,\nKarl");
    // Without the desk's address the writer's text is kept whole, as before.
    expect(replyText(text)).toBe(text);
  });

  it("still shows a P.S. under a sign-off that names the desk in a sentence", () => {
    const text = "Still broken.\n\nRegards,\nKarl\n\nP.S. I also wrote to support@desk.localhost yesterday.";
    expect(replyText(text, desk)).toBe(text);
  });
});

describe("only a mail app's tagline is a signature", () => {
  it("keeps a last line starting 'Sent from' that is the writer's sentence", async () => {
    const body = "Where is my parcel?\nSent from your warehouse on Dec 1, tracking says nothing since.";
    expect((await plain("Parcel", body)).visibleText).toBe(body);
    expect(
      replyText("Où est mon colis ?\n\nEnvoyé depuis votre entrepôt le 1er décembre, rien depuis."),
    ).toBe("Où est mon colis ?\n\nEnvoyé depuis votre entrepôt le 1er décembre, rien depuis.");
  });

  it.each([
    "Sent from my iPhone",
    "Sent from Outlook for Android",
    "Sent from Mail for Windows",
    "Sent from Yahoo Mail for iPhone",
    "Sent from Samsung Galaxy smartphone.",
    "Envoyé de mon iPad",
    "Envoyé depuis Outlook pour iOS",
    "Von meinem iPhone gesendet",
    "Get Outlook for Android<https://aka.ms/AAb9ysg>",
  ])("hides %s", (tagline) => {
    expect(replyText(`The VPN drops.\n\n${tagline}`)).toBe("The VPN drops.");
  });
});

describe("customers' subjects are no auto-reply without a reply to the desk", () => {
  const reasons = async (subject: string, head = "") =>
    automaticReasons(await plain(subject, "Hello", head), desk);

  it.each([
    "Afwezigheid: hoe registreer ik ziekte?",
    "Afwezig: wie vervangt mij?",
    "Fuori sede: non riesco a collegarmi alla VPN",
    "Fuori ufficio: come imposto la risposta automatica?",
    "不在通知：再配達をお願いします",
    "【不在通知】再配達の依頼",
  ])("%s is a person's new request", async (subject) => {
    expect(await reasons(subject)).toEqual([]);
  });

  it("the same words answering the desk's mail are an auto-reply", async () => {
    const reply = "In-Reply-To: <r.7@desk.localhost>\r\nReferences: <r.7@desk.localhost>\r\n";
    for (const subject of [
      "Afwezig: Re: [#7] Laptop",
      "Fuori sede: [#7] Laptop",
      "【不在通知】Re: [#7] Laptop",
    ])
      expect(await reasons(subject, reply), subject).toEqual(["auto-reply subject"]);
    // The strong words need no reply headers.
    expect(await reasons("Automatic reply: Laptop")).toEqual(["auto-reply subject"]);
  });
});

/** A mail with the sender's text and one attached message with the given text and sender. */
const withAttached = (own: string, inner: string, innerFrom = "Vendor <news@vendor.example>") =>
  parseMail(
    message(
      'Subject: FW: notice\r\nContent-Type: multipart/mixed; boundary="o"',
      `--o\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${own}\r\n--o\r\nContent-Type: message/rfc822\r\n\r\n` +
        `From: ${innerFrom}\r\nSubject: Notice\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${inner}\r\n--o--\r\n`,
    ),
  );

describe("attached messages", () => {
  it("keeps the whole visible text within MAX_BODY_CHARS when the sender's own text is long", async () => {
    const own = `${"Log line of the failing backup job.\r\n".repeat(800)}Please help.`;
    const mail = await withAttached(own, "Your backup quota is exceeded. ".repeat(800));
    expect(mail.visibleText).toContain("Please help.");
    expect(mail.visibleText).toContain("[Attached message: Notice.eml]");
    expect(mail.visibleText.length).toBeLessThanOrEqual(MAX_BODY_CHARS);
  });

  it("leaves out a copy of the desk's own mail whatever the case or +token of its address", async () => {
    const mail = await withAttached(
      "See below.",
      "The desk's answer.",
      "Help desk <Support+7@DESK.localhost>",
    );
    expect(mail.visibleText).toBe("See below.");
  });
});

describe("UTF-7 inside an attached message", () => {
  const utf7Message =
    'From: Lea <lea@client.example>\r\nSubject: =?utf-7?Q?Caf+AOk-?=\r\nContent-Type: multipart/alternative; boundary="i"\r\n\r\n' +
    '--i\r\nContent-Type: text/plain; charset="utf-7"\r\n\r\nLa machine +AOA- caf+AOk- fuit.\r\n--i--\r\n';
  const raw = message(
    'Subject: FW: machine\r\nContent-Type: multipart/mixed; boundary="o"',
    `--o\r\nContent-Type: text/plain\r\n\r\nVoir le message joint.\r\n--o\r\nContent-Type: message/rfc822\r\n\r\n${utf7Message}\r\n--o--\r\n`,
  );

  it("keeps the attached message as received, names its file and still shows its text decoded", async () => {
    expect(decodeUtf7(raw).toString("latin1")).toBe(raw.toString("latin1"));
    const mail = await parseMail(raw);
    const eml = mail.attachments.find((a) => a.contentType === "message/rfc822")!;
    expect(eml.filename).toBe("Café.eml");
    expect(eml.content.toString("latin1")).toContain("La machine +AOA- caf+AOk- fuit.");
    expect(mail.visibleText).toContain("La machine à café fuit.");
  });
});
