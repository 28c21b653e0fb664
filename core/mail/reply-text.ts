import EmailReplyParser from "email-reply-parser";

/**
 * email-reply-parser hides everything below any line it takes for a signature: a sign-off ("Regards,",
 * "Cordialement,", "Cheers"), a run of dashes or underscores, or any line starting "Sent from". In a customer's
 * own text that lost what came after: the P.S. under "Regards,\nKarl", a log pasted between "---" lines and the
 * question below it, "Sent from my phone earlier but here again: the VPN drops" and all that followed.
 *
 * Here a fragment it hid as a signature stays hidden only when it is a signature for sure: it starts with the
 * signature delimiter ("-- ", or "--" once clients trim it) or Outlook's underscore rule, or it is a mail
 * app's short tagline alone ("Sent from my iPhone", "Envoyé de mon iPhone", "Get Outlook for Android"); and no
 * text of the writer's own comes after it. Everything else it hid as a signature is shown: a sign-off and a name are noise
 * an agent reads past; a lost sentence is a lost request.
 */

const DELIMITER = /^(--|_{2,})$/;
const TAGLINE =
  /^(sent from|get outlook for|envoy[ée] (de|depuis|à partir de)|obtenir outlook pour|t[ée]l[ée]charger outlook pour|von meinem .{1,40} gesendet|gesendet von|enviado desde|verzonden vanaf|verstuurd vanaf|sendt fra)\b/i;
/** A tagline is short: "Sent from my iPhone", "Get Outlook for Android<https://aka.ms/…>". */
const MAX_TAGLINE_CHARS = 80;

/** A delimiter and what follows it, or a tagline alone (a line "Sent from …" with text below is the writer's). */
function isSureSignature(content: string): boolean {
  const lines = content
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const first = lines[0] ?? "";
  return (
    DELIMITER.test(first) || (lines.length === 1 && first.length <= MAX_TAGLINE_CHARS && TAGLINE.test(first))
  );
}

/** The text a person wrote above the quoted history, with only a sure signature at its end left out. */
export function replyText(text: string): string {
  const fragments = new EmailReplyParser().read(text).getFragments();
  const shown = new Array<boolean>(fragments.length).fill(false);
  // From the end: a signature is only ever the tail of the writer's own text.
  let tail = true;
  for (let i = fragments.length - 1; i >= 0; i--) {
    const fragment = fragments[i]!;
    if (fragment.isQuoted() || fragment.isEmpty()) continue;
    if (fragment.isHidden() && fragment.isSignature()) {
      if (tail && isSureSignature(fragment.getContent())) continue;
    } else if (fragment.isHidden()) continue;
    shown[i] = true;
    tail = false;
  }
  // Joined as the parser joins its visible fragments.
  return fragments
    .filter((_, i) => shown[i])
    .join("\n")
    .replace(/~*$/, "")
    .trimEnd();
}
