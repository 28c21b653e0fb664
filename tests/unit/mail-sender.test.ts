import { describe, expect, it } from "vitest";
import {
  automaticReasons,
  isDeskAddress,
  isNoReplyAddress,
  receiptVerdicts,
  sendingAddressOnly,
} from "../../core/mail/automatic.ts";
import { isPlainTextBounce, readPlainTextBounce } from "../../core/mail/bounce-text.ts";
import { messageKey } from "../../core/mail/outbound.ts";
import { parseMail } from "../../core/mail/parse.ts";
import {
  authorAddresses,
  chooseRequester,
  fromDesk,
  isCopyable,
  listAddresses,
  nameWithoutAddresses,
} from "../../core/mail/sender.ts";
import { isDeterministicFailure } from "../../core/mail/unfiled.ts";

const DESK = sendingAddressOnly("support@desk.example");
const mail = (headers: string[], body = "Hello") =>
  parseMail(Buffer.from([...headers, "Content-Type: text/plain", "", body, ""].join("\r\n")));

describe("the requester of a message", () => {
  it("is the Reply-To of a person, with From's name only when From is the same address", async () => {
    const form = await mail(["From: Shop <noreply@shop.example>", "Reply-To: Ann <ann@client.example>"]);
    expect(chooseRequester(form, DESK)).toEqual({
      address: "ann@client.example",
      name: "Ann",
      source: "reply-to",
    });
    const bare = await mail(["From: Eve <eve@client.example>", "Reply-To: other@client.example"]);
    expect(chooseRequester(bare, DESK)?.name).toBe("other@client.example");
  });

  it("skips a Reply-To to a list, a no-reply box or the desk itself", async () => {
    for (const replyTo of ["users@lists.example.org", "no-reply@client.example", "support+t1@desk.example"]) {
      const m = await mail([
        "From: Liam <liam@client.example>",
        `Reply-To: ${replyTo}`,
        "List-Id: Users <users.lists.example.org>",
      ]);
      expect(chooseRequester(m, DESK)?.address, replyTo).toBe("liam@client.example");
    }
  });

  it("skips a list's reply robot (a GitHub notification's reply+token@): an answer there is posted to the issue", async () => {
    const github = await mail([
      "From: Octo Cat <notifications@github.com>",
      "Reply-To: acme/infra <reply+AAHY4Q2C7QXNBM5EVBNHHCEUKTIKM@reply.github.com>",
      "List-ID: acme/infra <infra.acme.github.com>",
      "Precedence: list",
    ]);
    expect(chooseRequester(github, DESK)).toMatchObject({
      address: "notifications@github.com",
      source: "from",
    });
    const forum = await mail([
      "From: Forum <noreply@forum.example.co.uk>",
      "Reply-To: forum+c0ffee42deadbeef@forum.example.co.uk",
      "List-Id: <general.forum.example.co.uk>",
    ]);
    expect(chooseRequester(forum, DESK)?.source).not.toBe("reply-to");
    // A list rewriting From for DMARC keeps the poster in Reply-To: a person, at the list's organisation or not,
    // whatever digits and tags their address carries.
    for (const poster of [
      "ann@client.example",
      "ann.smith-2024@example.org",
      "jean-baptiste1978@example.org",
      "john.smith+invoices2024@example.org",
      "m_abdelrahman2019@example.org",
    ]) {
      const munged = await mail([
        "From: Ann via Users <users@lists.example.org>",
        `Reply-To: Ann <${poster}>`,
        "List-Id: Users <users.lists.example.org>",
      ]);
      expect(chooseRequester(munged, DESK)).toMatchObject({ address: poster, source: "reply-to" });
    }
  });
  it("takes the first valid From, then Sender, else nobody", async () => {
    const garbage = await mail(["From: @@@ <foo>, Gary <gary@client.example>"]);
    expect(chooseRequester(garbage, DESK)).toMatchObject({ address: "gary@client.example", source: "from" });
    const empty = await mail(['From: "Sam" <>', "Sender: Sam S <sam@client.example>"]);
    expect(chooseRequester(empty, DESK)).toMatchObject({ address: "sam@client.example", source: "sender" });
    const nobody = await mail(['From: "Nobody" <>', "Reply-To: not an address"]);
    expect(chooseRequester(nobody, DESK)).toBeNull();
    expect(authorAddresses(empty)).toEqual(["sam@client.example"]);
  });

  it("recognises the writer by From and Sender, never by a Reply-To anyone can set", async () => {
    const spoof = await mail(["From: Eve <eve@evil.example>", "Reply-To: Boss <boss@client.example>"]);
    expect(authorAddresses(spoof)).toEqual(["eve@evil.example"]);
  });
});

describe("who may be copied", () => {
  it("never a list (List-Id or List-Post), a daemon, postmaster, a no-reply box or the desk", async () => {
    const m = await mail([
      "From: a@client.example",
      "List-Id: <it-users.lists.client.example>",
      "List-Post: <mailto:announce@lists.client.example>",
    ]);
    expect(listAddresses(m)).toEqual(["announce@lists.client.example", "it-users@lists.client.example"]);
    for (const address of [
      "it-users@lists.client.example",
      "announce@lists.client.example",
      "mailer-daemon@client.example",
      "postmaster@client.example",
      "gmail-noreply@google.example",
      "support+t1@desk.example",
      "not an address",
    ])
      expect(isCopyable(address, m, DESK), address).toBe(false);
    expect(isCopyable("boss@client.example", m, DESK)).toBe(true);
  });

  it("knows no-reply anywhere in the local part", () => {
    for (const local of [
      "billing-no-reply",
      "noreply",
      "gmail-noreply",
      "no_reply",
      "no.reply.billing",
      "donotreply",
      "do-not-reply",
    ])
      expect(isNoReplyAddress(`${local}@x.example`, DESK), local).toBe(true);
    for (const local of ["nora", "reply", "replies-team", "support", "juno.reply", "bruno_reply"])
      expect(isNoReplyAddress(`${local}@x.example`, DESK), local).toBe(false);
  });
});

describe("signs of automatic mail", () => {
  it("takes upstream spam verdicts as spam", async () => {
    const flagged = await mail(["From: a@spam.example", "X-Spam-Flag: YES"]);
    expect(receiptVerdicts(flagged).spamVerdict).toBe("FAIL");
    expect(automaticReasons(flagged, DESK)).toContain("upstream spam verdict");
    const status = await mail(["From: a@spam.example", "X-Spam-Status: Yes, score=9.1 required=5.0"]);
    expect(receiptVerdicts(status).spamVerdict).toBe("FAIL");
    const clean = await mail(["From: a@ok.example", "X-Spam-Flag: NO", "X-Spam-Status: No, score=0.1"]);
    expect(receiptVerdicts(clean).spamVerdict).toBeUndefined();
    expect(automaticReasons(clean, DESK)).toEqual([]);
  });

  it("tells plain-text bounces and reads who failed, for good, about which message", async () => {
    const qmail = await mail(
      ["From: MAILER-DAEMON@mx.example", "Subject: failure notice"],
      [
        "Hi. This is the qmail-send program at mx.example.",
        "This is a permanent error; I've given up.",
        "",
        "<gone@client.example>:",
        "550 5.1.1 no mailbox",
        "",
        "--- Below this line is a copy of the message.",
        "",
        "Message-ID: <a.01J.x.0123456789abcdef@desk.example>",
        "From: other@client.example",
      ].join("\r\n"),
    );
    expect(isPlainTextBounce(qmail)).toBe(true);
    expect(automaticReasons(qmail, DESK)).toContain("bounce");
    expect(readPlainTextBounce(qmail)).toEqual({
      recipients: ["gone@client.example"],
      permanent: true,
      messageIds: ["<a.01J.x.0123456789abcdef@desk.example>"],
    });
    const dsn = await mail(
      [
        "From: Mail Delivery Subsystem <mailer-daemon@googlemail.example>",
        "Subject: Delivery Status Notification (Failure)",
      ],
      "Delivery to the following recipient failed permanently:\r\n\r\n     gone@client.example",
    );
    expect(isPlainTextBounce(dsn)).toBe(true);
    const person = await mail(
      ["From: Ann <ann@client.example>", "Subject: failure notice on my printer"],
      "It broke.",
    );
    expect(isPlainTextBounce(person)).toBe(false);
  });
});

describe("storage bounds", () => {
  it("keys a Message-ID over 500 characters by its hash, the same every time", () => {
    const long = `<${"x".repeat(3000)}@client.example>`;
    expect(messageKey(long)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(messageKey(long)).toBe(messageKey(long.toUpperCase()));
    expect(messageKey("<short@client.example>")).toBe("short@client.example");
  });

  it("tells failures that would repeat from transient ones", () => {
    const validation = Object.assign(new Error("Item size has exceeded the maximum allowed size"), {
      name: "ValidationException",
    });
    expect(isDeterministicFailure(validation)).toBe(true);
    expect(isDeterministicFailure(new TypeError("x is undefined"))).toBe(true);
    const throttled = Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
    expect(isDeterministicFailure(throttled)).toBe(false);
    expect(isDeterministicFailure(new Error("connect ECONNREFUSED 127.0.0.1:8000"))).toBe(false);
  });
});

describe("the desk's own addresses", () => {
  it("are its address, with a +token, in any case: never copied, never acknowledged, mail from one is a loop", async () => {
    for (const address of [
      "support@desk.example",
      "support+t1-abc@desk.example",
      "Support@DESK.example",
      "support@desk.example.",
    ]) {
      expect(isDeskAddress(address, DESK), address).toBe(true);
      expect(isCopyable(address, null, DESK), address).toBe(false);
      expect(isNoReplyAddress(address, DESK), address).toBe(true);
    }
    for (const address of ["support@client.example", "support@eu.desk.example", "support@desk.example.org"])
      expect(isDeskAddress(address, DESK), address).toBe(false);
    const loop = await mail(["From: Support <support+t9@desk.example>", "Subject: [#9] Re: Printer"]);
    expect(fromDesk(loop, DESK)).toBe(true);
    expect(automaticReasons(loop, DESK)).toContain("the desk's own address");
  });

  it("are not its company's: colleagues at the desk's domain file tickets, are copied and acknowledged", async () => {
    // The README deploys with DESK_MAIL_DOMAIN=example.com: the desk is support@ of the company's own domain,
    // and an IT desk's requesters are mostly that company's employees.
    for (const address of ["jane@desk.example", "Bob.Smith@DESK.example", "billing@desk.example"]) {
      expect(isDeskAddress(address, DESK), address).toBe(false);
      expect(isCopyable(address, null, DESK), address).toBe(true);
      expect(isNoReplyAddress(address, DESK), address).toBe(false);
    }
    const colleague = await mail([
      "From: Jane Doe <jane@desk.example>",
      "To: support@desk.example",
      "Cc: Bob <bob@desk.example>",
      "Subject: My laptop will not boot",
    ]);
    expect(fromDesk(colleague, DESK)).toBe(false);
    expect(automaticReasons(colleague, DESK)).toEqual([]);
    expect(chooseRequester(colleague, DESK)).toMatchObject({
      address: "jane@desk.example",
      name: "Jane Doe",
    });
  });
});

describe("a display name read from mail", () => {
  it("holds no address to pass for the sender's: the words stay, a name that was only an address is none", async () => {
    const posing = await mail(['From: "Support Team <support@desk.example>" <evil3@atk.example>']);
    expect(posing.from).toEqual({ address: "evil3@atk.example", name: "Support Team" });
    expect(chooseRequester(posing, DESK)).toMatchObject({
      address: "evil3@atk.example",
      name: "Support Team",
    });
    // Encoded as an RFC 2047 word, as the tester sent it: the same once decoded.
    const encoded = await mail([
      "From: =?UTF-8?B?U3VwcG9ydCBUZWFtIDxzdXBwb3J0QGRlc2subG9jYWxob3N0Pg==?= <evil3@atk.example>",
    ]);
    expect(encoded.from?.name).toBe("Support Team");
    const onlyAddress = await mail(['From: "ceo@client.example" <eve@atk.example>']);
    expect(chooseRequester(onlyAddress, DESK)).toMatchObject({ name: "eve@atk.example" });
    expect(onlyAddress.from?.name).toBe("eve@atk.example");
    const replyTo = await mail([
      'Reply-To: "Ann (ann@else.example)" <ann@client.example>',
      "From: x@shop.example",
    ]);
    expect(chooseRequester(replyTo, DESK)?.name).toBe("Ann");
  });

  it.each([
    ["Mia Smith (mia@contoso.example)", "Mia Smith"],
    ["'bob@x.example' via Users", "via Users"],
    ["Eve mailto:support@desk.example", "Eve"],
    ["Support＠desk.example", ""],
    ["Jean (IT) <j@x.example>", "Jean (IT)"],
    ["Dupont, Jean", "Dupont, Jean"],
    ["Jane @jane_doe", "Jane @jane_doe"],
    // Full-width brackets around an address, as Japanese and Chinese clients write them: the name stays.
    ["田中太郎（tanaka@corp.example）", "田中太郎"],
    ["王伟【wang@corp.example】", "王伟"],
    ["田中 user@host.example", "田中"],
    // An apostrophe is part of a local part: a name that was only the address is none, not "o'".
    ["o'brien@client.example", ""],
    ["Seán O'Brien (sean.o'brien@client.example)", "Seán O'Brien"],
    ["Dupont, Marie (IT)", "Dupont, Marie (IT)"],
    ["Anne <anne@x.example>, Paris", "Anne, Paris"],
    // No dotted domain after the at sign: no address, the name stays whole, nothing trimmed.
    ["Team@Work Ltd", "Team@Work Ltd"],
    ["R&D@Acme", "R&D@Acme"],
    ["李@华", "李@华"],
    ["<3 Jane @home", "<3 Jane @home"],
    ["- Jane @ -", "- Jane @ -"],
  ])("%s → %s", (name, kept) => {
    expect(nameWithoutAddresses(name)).toBe(kept);
  });
});
