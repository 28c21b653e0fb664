import { type DeskName, signature } from "../desk/signature.ts";
import { personName } from "../mail/address.ts";
import { DESK_SUBJECT_WORDS } from "../mail/subject.ts";
import type { TicketItem } from "../store/index.ts";
import { inLanguage } from "../ticket/placeholder-text.ts";

/**
 * The survey, in the ticket's language. `echo` false (the address is not confirmed: core/mail/echo.ts) gives
 * the neutral text: the number, the desk's own words and the links — neither the name nor the subject a stranger
 * may have typed on the web form.
 */
export function surveyMail(
  ticket: Pick<TicketItem, "number" | "subject" | "requesterName" | "requesterEmail" | "locale">,
  links: { good: string; bad: string },
  deskName: DeskName,
  echo = true,
) {
  const n = ticket.number;
  const { good, bad } = links;
  if (ticket.locale === "fr") {
    const ask = `Comment l'avons-nous traitée ? Choisissez, puis appuyez sur Envoyer sur la page qui s'ouvre :\n\nBien : ${good}\nPas bien : ${bad}\n\nMerci !`;
    if (!echo)
      return {
        subject: `[#${n}] ${DESK_SUBJECT_WORDS.survey.fr}`,
        text: `Bonjour,\n\nLa demande #${n}, envoyée avec cette adresse e-mail, est résolue. ${ask}\n\nSi vous n'êtes pas à l'origine de cette demande, ignorez ce message.\n\n— ${signature(deskName, "fr")}`,
      };
    return {
      subject: `[#${n}] ${DESK_SUBJECT_WORDS.survey.fr} ${inLanguage(ticket.subject, "fr")}`,
      text: `Bonjour ${personName(ticket.requesterName, ticket.requesterEmail)},\n\nVotre demande #${n} est résolue. ${ask}\n\n— ${signature(deskName, "fr")}`,
    };
  }
  const ask = `How did we do? Pick one, then press Send on the page it opens:\n\nGood: ${good}\nNot good: ${bad}\n\nThank you!`;
  if (!echo)
    return {
      subject: `[#${n}] ${DESK_SUBJECT_WORDS.survey.en}`,
      text: `Hello,\n\nThe request #${n}, sent with this email address, is solved. ${ask}\n\nIf you did not send this request, ignore this message.\n\n— ${signature(deskName, "en")}`,
    };
  return {
    subject: `[#${n}] ${DESK_SUBJECT_WORDS.survey.en} ${ticket.subject}`,
    text: `Hello ${personName(ticket.requesterName, ticket.requesterEmail)},\n\nYour request #${n} is solved. ${ask}\n\n— ${signature(deskName, "en")}`,
  };
}
