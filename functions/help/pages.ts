/** Small, framework-free HTML for the public help center: every dynamic value is escaped here. */
export const esc = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!,
  );

export type Locale = "en" | "fr";
export const words = {
  en: {
    title: "Help center",
    search: "Search the help center",
    searchButton: "Search",
    results: (q: string) => `Results for “${q}”`,
    none: "No article matches. You can still contact us.",
    contact: "Contact support",
    helpful: "Did this solve your problem?",
    yes: "Yes",
    no: "No",
    thanks: "Thank you for your answer.",
    solved: "This solved it — close my request",
    closed: "Your request is closed. Glad it helped!",
    other: "Français",
    general: "General",
    home: "Help center home",
    empty: "No articles yet. You can still contact us: we answer every request.",
    missing: "Article not found",
    missingText:
      "This article does not exist or is no longer published. Search the help center, or contact us.",
  },
  fr: {
    title: "Centre d'aide",
    search: "Rechercher dans le centre d'aide",
    searchButton: "Rechercher",
    results: (q: string) => `Résultats pour « ${q} »`,
    none: "Aucun article ne correspond. Vous pouvez toujours nous écrire.",
    contact: "Contacter le support",
    helpful: "Cet article a-t-il résolu votre problème ?",
    yes: "Oui",
    no: "Non",
    thanks: "Merci pour votre réponse.",
    solved: "Cela a résolu mon problème — fermer ma demande",
    closed: "Votre demande est fermée. Ravis d'avoir pu aider !",
    other: "English",
    general: "Général",
    home: "Accueil du centre d'aide",
    empty:
      "Aucun article pour l'instant. Vous pouvez toujours nous écrire : nous répondons à chaque demande.",
    missing: "Article introuvable",
    missingText:
      "Cet article n'existe pas ou n'est plus publié. Cherchez dans le centre d'aide, ou écrivez-nous.",
  },
} as const;

export const base = (locale: Locale) => (locale === "fr" ? "/fr/help" : "/help");

export function layout(locale: Locale, title: string, body: string, otherLocaleUrl?: string) {
  const w = words[locale];
  const other = otherLocaleUrl ?? (locale === "fr" ? "/help" : "/fr/help");
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · ${esc(w.title)}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/help/assets/help.css">
<script type="module" src="/help/assets/help.js"></script>
</head>
<body>
<header><a href="${base(locale)}">${esc(w.title)}</a>
<a href="${esc(other)}" hreflang="${locale === "fr" ? "en" : "fr"}" lang="${locale === "fr" ? "en" : "fr"}">${esc(w.other)}</a></header>
<main>
<search><form action="${base(locale)}/search" method="get" role="search">
<label for="q">${esc(w.search)}</label>
<input id="q" name="q" type="search" required maxlength="200">
<button type="submit">${esc(w.searchButton)}</button>
</form></search>
${body}
<p class="contact"><a href="/">${esc(w.contact)}</a></p>
</main>
</body>
</html>`;
}
