// Customer-facing text in English and French. The language comes from ?lang=, then the saved choice,
// then the browser; the switcher saves the choice.
export const strings = {
  en: {
    title: "Contact support",
    intro: "Tell us what is going on and we will get back to you by email.",
    name: "Your name",
    email: "Email",
    subject: "Subject",
    message: "How can we help?",
    website: "Leave this field empty",
    submit: "Send",
    sending: "Sending…",
    suggestions: "These articles may answer your question:",
    portalTitle: "Your requests",
    portalIntro: "Enter your email address: we will send you a link to see all your requests.",
    sendLink: "Send me a link",
    linkSent: "If this address has requests with us, a link is on its way. It works once, for 15 minutes.",
    linkInvalid: "This sign-in link is not valid, expired or already used. Ask for a new one.",
    signedInAs: "Signed in as",
    signOut: "Sign out",
    more: "More",
    noRequests: "No requests yet.",
    newRequest: "New request",
    helpCenter: "Help center",
    closeRequest: "I no longer need help — close my request",
    closeConfirm: "Close this request? We will consider your problem solved.",
    closeYes: "Yes, close it",
    closeNo: "No, keep it open",
    attachFiles: "Attach files (optional)",
    filesHint: "Screenshots, logs, PDF or Office documents, archives: up to 10 files, 4 MB in all.",
    tooManyFiles: "At most 10 files.",
    filesTooLarge: "The files are too large: at most 4 MB in all.",
    fileTypeRefused:
      "this type of file is not accepted (screenshots, logs, PDF, Office documents, archives).",
    // A file's problem after its name, with the language's colon.
    fileNamed: "{name}: {problem}",
    fileMissing: "this file is no longer stored. Ask us for it again in a reply.",
    downloadFailed: "the file could not be downloaded. Try again in a moment.",
    thanks: "Thank you! Your request has been received.",
    number: "Your ticket number is",
    follow: "Follow your ticket",
    followHint:
      "Keep this link: it shows your request and its status, and lets you add to it. Our answers arrive by email.",
    another: "Submit another request",
    errorsTitle: "Please check the highlighted fields.",
    network: "We could not reach the server. Check your connection and try again.",
    rateLimited: "Too many requests. Please try again in a few minutes.",
    rateLimitedIn: "Too many requests. Please try again in {wait}.",
    minutes: ["{n} minute", "{n} minutes"],
    hours: ["{n} hour", "{n} hours"],
    tooLongField: "Too long: {length} characters, at most {max}. Shorten it, or attach a long log as a file.",
    tooLarge: "Your message is too long.",
    generic: "Something went wrong. Please try again.",
    switchTo: "Français",
    ticketTitle: "Your ticket",
    // The colon belongs to the language: French sets it off with a (no-break) space.
    status: "Status:",
    statuses: {
      new: "Received",
      open: "In progress",
      pending: "Waiting for your reply",
      on_hold: "On hold",
      solved: "Solved",
      closed: "Closed",
    },
    you: "You",
    support: "Support",
    reply: "Your reply",
    sendReply: "Send reply",
    replySent: "Your reply was added.",
    closedNote: "This ticket is closed. To continue, please submit a new request.",
    mergedContinues: "This request continues as #{n}: your replies here are added to it.",
    mergedOpen: "Open request #{n}",
    mergedElsewhere:
      "This request was merged into another one we are already handling. To reach us, reply to our last email.",
    replySentMerged: "Your reply was added to request #{n}.",
    answersByMail:
      "Our answers go to the email address you gave: open the link in our email to see the whole conversation here, or",
    answersSignIn: "sign in with a link sent to that address.",
    badLink: "This link is not valid or has expired.",
    badLinkHelp: "To see your requests, ask for a new link: we send it to your email address.",
    badLinkSignIn: "Get a sign-in link by email",
    loading: "Loading…",
  },
  fr: {
    title: "Contacter le support",
    intro: "Décrivez-nous votre problème, nous vous répondrons par e-mail.",
    name: "Votre nom",
    email: "E-mail",
    subject: "Objet",
    message: "Comment pouvons-nous vous aider ?",
    website: "Laissez ce champ vide",
    submit: "Envoyer",
    sending: "Envoi…",
    suggestions: "Ces articles répondent peut-être à votre question :",
    portalTitle: "Vos demandes",
    portalIntro: "Indiquez votre adresse e-mail : nous vous enverrons un lien pour voir toutes vos demandes.",
    sendLink: "Envoyez-moi un lien",
    linkSent:
      "Si cette adresse a des demandes chez nous, un lien est en route. Il sert une fois, pendant 15 minutes.",
    linkInvalid: "Ce lien de connexion n'est pas valide, a expiré ou a déjà servi. Demandez-en un nouveau.",
    signedInAs: "Connecté en tant que",
    signOut: "Se déconnecter",
    more: "Plus",
    noRequests: "Aucune demande pour l'instant.",
    newRequest: "Nouvelle demande",
    helpCenter: "Centre d'aide",
    closeRequest: "Je n'ai plus besoin d'aide — fermer ma demande",
    closeConfirm: "Fermer cette demande ? Nous considérerons votre problème comme résolu.",
    closeYes: "Oui, la fermer",
    closeNo: "Non, la garder ouverte",
    attachFiles: "Joindre des fichiers (facultatif)",
    filesHint:
      "Captures d'écran, journaux, PDF ou documents Office, archives : jusqu'à 10 fichiers, 4 Mo au total.",
    tooManyFiles: "10 fichiers au maximum.",
    filesTooLarge: "Les fichiers sont trop volumineux : 4 Mo au total au maximum.",
    fileTypeRefused:
      "ce type de fichier n'est pas accepté (captures d'écran, journaux, PDF, documents Office, archives).",
    fileNamed: "{name}\u00a0: {problem}",
    fileMissing: "ce fichier n'est plus conservé. Redemandez-le-nous dans une réponse.",
    downloadFailed: "le fichier n'a pas pu être téléchargé. Réessayez dans un instant.",
    thanks: "Merci ! Votre demande a bien été reçue.",
    number: "Votre numéro de ticket est le",
    follow: "Suivre votre ticket",
    followHint:
      "Gardez ce lien : il montre votre demande et son état, et permet d'y ajouter un message. Nos réponses arrivent par e-mail.",
    another: "Envoyer une autre demande",
    errorsTitle: "Veuillez vérifier les champs signalés.",
    network: "Impossible de joindre le serveur. Vérifiez votre connexion et réessayez.",
    rateLimited: "Trop de demandes. Réessayez dans quelques minutes.",
    rateLimitedIn: "Trop de demandes. Réessayez dans {wait}.",
    minutes: ["{n}\u00a0minute", "{n}\u00a0minutes"],
    hours: ["{n}\u00a0heure", "{n}\u00a0heures"],
    tooLongField:
      "Trop long\u00a0: {length}\u00a0caractères, {max} au plus. Raccourcissez-le, ou joignez un long journal en fichier.",
    tooLarge: "Votre message est trop long.",
    generic: "Une erreur est survenue. Veuillez réessayer.",
    switchTo: "English",
    ticketTitle: "Votre ticket",
    status: "Statut\u00a0:",
    statuses: {
      new: "Reçu",
      open: "En cours",
      pending: "En attente de votre réponse",
      on_hold: "En pause",
      solved: "Résolu",
      closed: "Fermé",
    },
    you: "Vous",
    support: "Support",
    reply: "Votre réponse",
    sendReply: "Envoyer la réponse",
    replySent: "Votre réponse a été ajoutée.",
    closedNote: "Ce ticket est fermé. Pour continuer, envoyez une nouvelle demande.",
    mergedContinues: "Cette demande continue sous le numéro #{n} : vos réponses ici y sont ajoutées.",
    mergedOpen: "Ouvrir la demande #{n}",
    mergedElsewhere:
      "Cette demande a été fusionnée avec une autre que nous traitons déjà. Pour nous joindre, répondez à notre dernier e-mail.",
    replySentMerged: "Votre réponse a été ajoutée à la demande #{n}.",
    answersByMail:
      "Nos réponses partent à l'adresse e-mail que vous avez donnée : ouvrez le lien de notre e-mail pour voir ici toute la conversation, ou",
    answersSignIn: "connectez-vous avec un lien envoyé à cette adresse.",
    badLink: "Ce lien n'est pas valide ou a expiré.",
    badLinkHelp:
      "Pour voir vos demandes, demandez un nouveau lien\u00a0: nous l'envoyons à votre adresse e-mail.",
    badLinkSignIn: "Recevoir un lien de connexion par e-mail",
    loading: "Chargement…",
  },
};

const fieldMessages = {
  fr: {
    Required: "Champ obligatoire",
    "Enter a valid email address": "Saisissez une adresse e-mail valide",
    "Our mail service (Amazon SES) cannot deliver to an address with accents or non-Latin letters before the @: give another address":
      "Notre service d'envoi (Amazon SES) ne peut pas livrer une adresse avec des accents ou des lettres non latines avant le @ : indiquez une autre adresse",
    "At most 10 files": "10 fichiers au maximum",
    "At most 4 MB of files in all": "4 Mo de fichiers au total au maximum",
    "This type of file is not accepted": "Ce type de fichier n'est pas accepté",
  },
};

/**
 * The API's refusals a customer's page can meet, by their stable code (functions/api/errors.ts), in the page's
 * language: the server's `message` is English for every caller.
 */
const codeMessages = {
  en: {
    unavailable: "We are busy or briefly unavailable. Please try again in a moment: nothing was sent.",
    internal: "Something went wrong on our side. Please try again in a moment.",
    idempotency_key_reused:
      "This request was already sent with different words. Reload the page to send it as a new request.",
    malformed_body: "Your browser sent something we could not read. Reload the page and try again.",
    unsupported_charset:
      "Your browser sent text in an encoding we cannot read. Reload the page and try again.",
    // A customer's write meets it only on a closed ticket (closed since the page was opened).
    invalid_transition: "This ticket is closed. To continue, submit a new request.",
    ticket_busy: "Your ticket was being updated at the same moment. Please send your reply again.",
    requester_is_desk:
      "This email address is the help desk's own. Please enter your own address so that we can answer you.",
    // A write signed by the portal's cookie without the page's header (a page of another site, or an old copy).
    csrf_failed: "Your page needs refreshing: reload the page and try again.",
  },
  fr: {
    unavailable:
      "Nous sommes très sollicités ou brièvement indisponibles. Réessayez dans un instant\u00a0: rien n'a été envoyé.",
    internal: "Une erreur est survenue de notre côté. Réessayez dans un instant.",
    idempotency_key_reused:
      "Cette demande a déjà été envoyée avec d'autres mots. Rechargez la page pour l'envoyer comme nouvelle demande.",
    malformed_body: "Votre navigateur a envoyé des données illisibles. Rechargez la page et réessayez.",
    unsupported_charset:
      "Votre navigateur a envoyé du texte dans un encodage que nous ne savons pas lire. Rechargez la page et réessayez.",
    invalid_transition: "Ce ticket est fermé. Pour continuer, envoyez une nouvelle demande.",
    ticket_busy: "Votre ticket était mis à jour au même moment. Renvoyez votre réponse.",
    requester_is_desk:
      "Cette adresse e-mail est celle du service d'assistance lui-même. Saisissez votre propre adresse pour que nous puissions vous répondre.",
    csrf_failed: "Votre page doit être rafraîchie\u00a0: rechargez la page et réessayez.",
  },
};

/**
 * A refusal without a field to point at, in the page's language: by its code, else its message where we have it
 * in that language, else the general "something went wrong" (never English words on a French page).
 */
export function refusalText(locale, error) {
  const byCode = codeMessages[locale];
  if (typeof error?.code === "string" && Object.hasOwn(byCode, error.code)) return byCode[error.code];
  const message = typeof error?.message === "string" ? error.message : undefined;
  if (message && locale === "en") return message;
  return (message && fieldMessages[locale]?.[message]) || strings[locale].generic;
}

/**
 * What the desk stores, in English, for a ticket or message without words of its own (core/ticket/placeholder-text.ts:
 * kept so for search, triage and every ticket filed so far), in the page's language; the same words as the desk's
 * mail to the customer (tests/unit/form-placeholders.test.ts keeps them equal).
 */
const placeholders = {
  fr: {
    "(no subject)": "(sans objet)",
    "(attachments only)": "(pièces jointes seulement)",
    "(no text)": "(sans texte)",
  },
};

/** A stored subject or message body as the page shows it: a placeholder in the page's language, else as it is. */
export function shownText(locale, text) {
  const words = placeholders[locale];
  return words && typeof text === "string" && Object.hasOwn(words, text) ? words[text] : text;
}

export function pickLocale() {
  const fromUrl = new URLSearchParams(location.search).get("lang");
  if (fromUrl === "en" || fromUrl === "fr") {
    localStorage.setItem("desk.locale", fromUrl);
    return fromUrl;
  }
  const saved = localStorage.getItem("desk.locale");
  if (saved === "en" || saved === "fr") return saved;
  return (navigator.language || "en").toLowerCase().startsWith("fr") ? "fr" : "en";
}

/**
 * A 429's message with the real wait from its Retry-After (seconds), rounded up to minutes, or hours past the
 * hour; the general "a few minutes" when the header says nothing usable.
 */
export function rateLimitedText(t, retryAfter) {
  const seconds = Number(retryAfter);
  if (!retryAfter || !Number.isFinite(seconds) || seconds <= 0) return t.rateLimited;
  const minutes = Math.ceil(seconds / 60);
  const hours = Math.ceil(minutes / 60);
  const [n, forms] = minutes <= 60 ? [minutes, t.minutes] : [hours, t.hours];
  return t.rateLimitedIn.replace("{wait}", forms[n === 1 ? 0 : 1].replace("{n}", String(n)));
}

/** The API's field message in the page's language where we have it. */
export function fieldMessage(locale, message) {
  return fieldMessages[locale]?.[message] ?? message;
}

/** Fills every [data-i18n] element with its string and wires the language switcher. */
export function applyStrings(locale) {
  const t = strings[locale];
  document.documentElement.lang = locale;
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t[el.dataset.i18n];
  const switcher = document.getElementById("switch-lang");
  if (switcher) {
    switcher.textContent = t.switchTo;
    switcher.lang = locale === "en" ? "fr" : "en";
    switcher.href = `?lang=${locale === "en" ? "fr" : "en"}${location.hash}`;
  }
  return t;
}
