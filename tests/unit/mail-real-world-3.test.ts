import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { automaticReasons, sendingAddressOnly } from "../../core/mail/automatic.ts";
import { parseMail } from "../../core/mail/parse.ts";
import { withoutTrailingAttribution } from "../../core/mail/quoted-history.ts";
import { replyText } from "../../core/mail/reply-text.ts";
import { chooseRequester } from "../../core/mail/sender.ts";

/**
 * Third round of mail as other software writes it (tests/fixtures/email/desk/rw3-*.eml): charsets and
 * transfer encodings of real clients, automatic mail and attached messages, read as agents should see them.
 */

const desk = sendingAddressOnly("support@desk.localhost");
const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, "../fixtures/email/desk", name))
    .toString("latin1")
    .replaceAll("{{N}}", "7")
    .replaceAll("{{REPLY_ID}}", "<r.7@desk.localhost>")
    .replaceAll("{{ADDRESS}}", "dana@client.example");
const parse = (name: string) => parseMail(Buffer.from(fixture(name), "latin1"));
const message = (head: string, body: string) =>
  Buffer.from(
    `From: A <a@client.example>\r\nTo: ${desk.from}\r\nMessage-ID: <m@client.example>\r\nMIME-Version: 1.0\r\n${head}\r\n\r\n${body}`,
    "latin1",
  );

describe("charsets and encodings of real clients", () => {
  it.each([
    [
      "rw3-iso-2022-jp.eml",
      "プリンターが印刷できません",
      "山田 太郎",
      /^お世話になっております。\n3階のプリンター/,
    ],
    ["rw3-shift-jis.eml", "パスワードの再設定", "佐藤", /^パスワードを忘れました。再設定をお願いします。$/],
    ["rw3-big5.eml", "無法登入系統", "陳大文", /^您好，我今天早上無法登入系統，密碼是正確的。\n謝謝$/],
    ["rw3-gb18030.eml", "发票开错了", "王小明", /应为“𠀀科技有限公司”。$/],
    [
      "rw3-koi8-r.eml",
      "Не работает VPN",
      "Иван Петров",
      /^Здравствуйте!\n\nVPN не подключается с утра, ошибка 809\.$/,
    ],
    [
      "rw3-cp1252-as-latin1.eml",
      "Refund €49,99 – not received",
      "Sean O'Brien",
      /^I was promised a refund of €49,99 – it’s been 3 weeks… “processing” they said\.$/,
    ],
    ["rw3-utf7.eml", "Café machine en panne", "Léa Martin", /^La machine à café du 2e étage fuit/],
    ["rw3-no-cte-8bit.eml", "Accès refusé", "Renée Lefèvre", /^L'accès au dossier partagé « Compta »/],
  ])("reads %s: subject, sender name and text", async (name, subject, sender, text) => {
    const mail = await parse(name);
    expect(mail.subject).toBe(subject);
    expect(mail.from?.name).toBe(sender);
    expect(mail.visibleText).toMatch(text);
    expect(mail.visibleText).not.toContain("\ufffd");
  });

  it("joins RFC 2047 words split inside a character, and an RFC 2231 filename continued over two lines", async () => {
    const mail = await parse("rw3-split-words-2231.eml");
    expect(mail.subject).toBe("Facture n° 114 – montant erroné");
    expect(mail.from?.name).toBe("Élodie Müller");
    expect(mail.attachments.map((a) => a.filename)).toEqual(["Facture n° 114 – décembre.pdf"]);
  });

  it("reads base64 with missing padding and broken lines, and quoted-printable soft breaks", async () => {
    const scan = await parse("rw3-bad-base64.eml");
    expect(scan.visibleText).toBe(
      "Le scanner du 1er étage n’envoie plus les PDF par mail depuis la mise à jour.",
    );
    expect(scan.attachments[0]!.content.subarray(0, 8).toString("latin1")).toBe("%PDF-1.4");
    expect(scan.attachments[0]!.content.toString("latin1")).toMatch(/%%EOF\n$/);
    expect((await parse("rw3-qp-soft-breaks.eml")).visibleText).toBe(
      "L'imprimante du 2e étage affiche « bourrage papier » alors qu'il n'y a aucune feuille coincée dans le bac, j'ai vérifié deux fois ce matin. Numéro de série: CNB8K12345.",
    );
  });

  it("joins format=flowed; delsp=yes lines without the soft-break space", async () => {
    expect((await parse("rw3-flowed-delsp.eml")).visibleText).toBe(
      "Hello, the printer on floor 3 prints only blank pages since the toner was replaced this morning. Its name is PRN-F3-HP-M404dn-0042-ACCOUNTING and it shows no error.\n\nThanks,\nTom",
    );
  });

  it("keeps the text on both sides of an image Apple Mail puts between two text parts", async () => {
    const mail = await parse("rw3-apple-text-image-text.eml");
    expect(mail.visibleText).toBe(
      "This is what I see when I open the app:\n\nAfter I click OK it closes. It started after updating to 4.2 this morning.\n\nChris",
    );
    expect(mail.attachments.map((a) => [a.filename, a.inline])).toEqual([["Screenshot.png", true]]);
  });

  it("decodes UTF-7 and still sanitizes the HTML it hid (no markup smuggled past the sanitizer)", async () => {
    const utf7 = (text: string) => Buffer.from(text, "utf8").toString("latin1");
    const mail = await parseMail(
      message(
        'Subject: =?utf-7?Q?Probl+AOg-me?=\r\nContent-Type: text/html; charset="utf-7"',
        utf7("<p>Bonjour+ACE-</p>+ADw-script+AD4-alert(1)+ADw-/script+AD4-"),
      ),
    );
    expect(mail.subject).toBe("Problème");
    expect(mail.html).toBe("<p>Bonjour!</p>");
    expect(mail.visibleText).toBe("Bonjour!");
  });

  it("keeps a sender's name on one line when decoding leaves two spaces after its comma", async () => {
    const mail = await parseMail(
      message("Subject: x\r\nReply-To: =?iso-8859-1?Q?M=FCller,_Hans?= <hans@client.example>", "Hello"),
    );
    expect(chooseRequester(mail, desk)).toMatchObject({ name: "Müller, Hans", source: "reply-to" });
  });
});

describe("signatures: only a sure one at the end is hidden, never the writer's text", () => {
  it("keeps a P.S. under a sign-off, a log between dashes, and a sentence starting 'Sent from'", () => {
    for (const text of [
      "The laptop still fails.\n\nRegards,\nKarl\n\nP.S. The serial number is 5CG1234XYZ.",
      "Merci.\n\nCordialement,\nMarc\n\nPS : le numéro de série est 5CG1234XYZ.",
      "Here is the error:\n---\nError 0x80070005 access denied\n---\nCan you help?",
      "Hi,\n\nSent from my phone earlier but here again: the VPN drops every 5 minutes.\n\nThanks",
    ])
      expect(replyText(text)).toBe(text);
    const pasted = "Here is the error:\r\n---\r\nError 0x80070005 access denied\r\n---\r\nCan you help?";
    return parseMail(message("Subject: VPN", pasted)).then((mail) =>
      expect(mail.visibleText).toBe(pasted.replaceAll("\r\n", "\n")),
    );
  });

  it("still hides the signature delimiter's block, a mail app's tagline and the quoted history", () => {
    expect(replyText("Still broken.\n\n-- \nDana Reyes\nACME Corp | +33 1 23 45 67 89")).toBe(
      "Still broken.",
    );
    expect(
      replyText("Still broken.\n\nSent from my iPhone\n\n> On 6 Dec 2026, Help desk wrote:\n> Hold power"),
    ).toBe("Still broken.");
    expect(replyText("Still broken.\n\nGet Outlook for Android<https://aka.ms/AAb9ysg>")).toBe(
      "Still broken.",
    );
    expect(replyText("Still broken.\n\nEnvoyé de mon iPhone")).toBe("Still broken.");
    // A tagline with the writer's text after it is no signature.
    expect(replyText("Sent from my iPhone\n\nP.S. it is the blue one")).toBe(
      "Sent from my iPhone\n\nP.S. it is the blue one",
    );
  });
});

describe("quoted history of Japanese, Chinese and Korean clients", () => {
  it("drops Gmail's attribution line in Japanese, Chinese and Korean, not a line of the writer's own", async () => {
    expect((await parse("rw3-gmail-ja-reply.eml")).visibleText).toBe(
      "充電器を替えたら起動しました。ありがとうございます。",
    );
    expect((await parse("rw3-gmail-zh-reply.eml")).visibleText).toBe("换了充电器以后可以开机了。");
    expect(
      withoutTrailingAttribution(
        "충전기를 바꾸니 켜집니다.\n\n2026년 12월 6일 (일) 오전 10:00, Help desk <support@desk.localhost>님이 작성:",
      ),
    ).toBe("충전기를 바꾸니 켜집니다.");
    const own = "注文番号は次の通りです。\n2026年12月6日に購入した製品:";
    expect(withoutTrailingAttribution(own)).toBe(own);
  });

  it("cuts Outlook's reply header in Japanese and Chinese", async () => {
    expect((await parse("rw3-outlook-ja-reply.eml")).visibleText).toBe(
      "電源ボタンを10秒押しましたが、起動しません。\n\n山田",
    );
    expect((await parse("rw3-outlook-zh-reply.eml")).visibleText).toBe("还是无法开机，指示灯一直闪烁。");
  });
});

describe("signed, forwarded and automatic mail", () => {
  it("keeps ProtonMail's PGP/MIME signed text, marks it signed, lists the public key it attaches", async () => {
    const mail = await parse("rw3-protonmail-signed.eml");
    expect(mail.visibleText).toMatch(/^My card was charged twice for invoice 2026-114 \(2 × 89,00 €\)\./);
    expect(mail.signed).toBe(true);
    expect(mail.attachments.map((a) => a.contentType)).toEqual(["application/pgp-keys"]);
  });

  it("shows a message forwarded as an attachment below the sender's text, never a bounce's copy of the desk's mail", async () => {
    const forward = await parse("rw3-forward-as-attachment.eml");
    expect(forward.visibleText).toMatch(
      /^\[Attached message: Your order 55012 could not be shipped\.eml\]\nFrom: Shop <orders@shop\.example>\n/,
    );
    expect(forward.visibleText).toContain(
      "\n\nWe could not ship order 55012: the address failed validation.",
    );

    const attached = (from: string) =>
      message(
        'Subject: Undelivered\r\nContent-Type: multipart/mixed; boundary="b"',
        `--b\r\nContent-Type: text/plain\r\n\r\nThe message below could not be delivered.\r\n--b\r\nContent-Type: message/rfc822\r\n\r\nFrom: ${from}\r\nSubject: Your ticket\r\n\r\nHold power for 10 s\r\n--b--\r\n`,
      );
    expect((await parseMail(attached(`Support <${desk.from}>`))).visibleText).toBe(
      "The message below could not be delivered.",
    );
    expect((await parseMail(attached("Shop <orders@shop.example>"))).visibleText).toContain(
      "Hold power for 10 s",
    );
  });

  it("reads only the first level of attached messages (a message nested in one stays in its file)", async () => {
    const inner = "From: c@client.example\r\nSubject: deepest\r\n\r\nThe innermost text\r\n";
    const middle = `From: b@client.example\r\nSubject: middle\r\nContent-Type: multipart/mixed; boundary="m"\r\n\r\n--m\r\nContent-Type: text/plain\r\n\r\nThe middle text\r\n--m\r\nContent-Type: message/rfc822\r\n\r\n${inner}--m--\r\n`;
    const mail = await parseMail(
      message(
        'Subject: FW: chain\r\nContent-Type: multipart/mixed; boundary="o"',
        `--o\r\nContent-Type: text/plain\r\n\r\nSee the chain.\r\n--o\r\nContent-Type: message/rfc822\r\n\r\n${middle}--o--\r\n`,
      ),
    );
    expect(mail.visibleText).toContain("The middle text");
    expect(mail.visibleText).not.toContain("The innermost text");
  });

  it("tells a read receipt from a bounce: no failed recipient, the message it names", async () => {
    for (const name of ["rw3-mdn-outlook.eml", "rw3-mdn-thunderbird.eml"]) {
      const mail = await parse(name);
      expect(automaticReasons(mail, desk), name).toEqual(["read receipt"]);
      expect(mail.report, name).toMatchObject({ failed: [], originalMessageId: "<r.7@desk.localhost>" });
    }
  });

  it("knows auto-replies by their subject in Dutch, Japanese, Chinese and more, and keeps customers' questions", async () => {
    const auto = async (subject: string) =>
      automaticReasons(
        // Auto-replies answer the desk's mail: weak words ("Afwezig:", "Fuori ufficio:") count only then.
        await parseMail(
          message(
            `Subject: =?UTF-8?B?${Buffer.from(subject).toString("base64")}?=\r\nIn-Reply-To: <r.7@desk.localhost>`,
            "x",
          ),
        ),
        desk,
      ).includes("auto-reply subject");
    for (const subject of [
      "Automatisch antwoord: Re: [#7] Laptop",
      "Afwezig: Re: [#7] Laptop",
      "自動応答: [#7] Laptop",
      "【自動返信】Re: [#7] Laptop",
      "[自動返信] Re: [#7] Laptop",
      "自动回复：[#7] Laptop",
      "Resposta automática: [#7] Laptop",
      "Autosvar: [#7] Laptop",
      "Fuori ufficio: [#7] Laptop",
    ])
      expect(await auto(subject), subject).toBe(true);
    for (const subject of [
      "Afwezigheid van factuur in het portaal",
      "自動応答が動きません",
      "Automatic reply not working in Outlook",
    ])
      expect(await auto(subject), subject).toBe(false);
    expect(automaticReasons(await parse("rw3-ooo-nl.eml"), desk)).toContain("x-autoreply");
    expect(automaticReasons(await parse("rw3-ooo-it.eml"), desk)).toContain("auto-submitted: auto-replied");
  });

  it("reads an Outlook calendar answer (Accepted:) for its summary and time, not as attachments only", async () => {
    const mail = await parse("rw3-calendar-accepted.eml");
    expect(mail.visibleText).toMatch(/^Accepted: Laptop pickup\n2026-12-08 14:00 – 14:30 \(UTC\)/);
    expect(mail.attachments.map((a) => a.contentType)).toEqual(["text/calendar"]);
  });

  it("marks GitHub and Jira notifications automatic (never acknowledged)", async () => {
    expect(automaticReasons(await parse("rw3-github-notification.eml"), desk)).toEqual([
      "precedence: list",
      "x-auto-response-suppress",
      "mailing list",
    ]);
    expect(automaticReasons(await parse("rw3-jira-notification.eml"), desk)).toEqual([
      "auto-submitted: auto-generated",
      "precedence: bulk",
    ]);
  });
});
