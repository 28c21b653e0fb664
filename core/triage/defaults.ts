import { createCategory, createTeam, listCategories, listTeams } from "../agent/directory.ts";
import { DeskError } from "../error.ts";

/** A sensible IT desk to start from; admins change it all. Keywords in English and French. */
export const DEFAULT_TEAMS = [
  { id: "service-desk", name: "Service desk", nameFr: "Centre de services" },
  { id: "field-support", name: "Field support", nameFr: "Support de proximité" },
  { id: "network", name: "Network", nameFr: "Réseau" },
  { id: "applications", name: "Applications", nameFr: "Applications" },
  { id: "security", name: "Security", nameFr: "Sécurité" },
  { id: "purchasing", name: "Purchasing", nameFr: "Achats" },
  { id: "hr", name: "HR and administration", nameFr: "RH et administration" },
];

export const DEFAULT_CATEGORIES = [
  {
    id: "access",
    name: "Access and passwords",
    nameFr: "Accès et mots de passe",
    defaultTeam: "service-desk",
    keywords: [
      "password",
      "mot de passe",
      "login",
      "log in",
      "sign in",
      "locked out",
      "account locked",
      "compte bloque",
      "access",
      "acces",
      "identifiant",
      "mfa",
      "2fa",
      "authenticator",
      "permission",
      "droits",
    ],
  },
  {
    id: "hardware",
    name: "Hardware",
    nameFr: "Matériel",
    defaultTeam: "field-support",
    keywords: [
      "laptop",
      "ordinateur",
      "portable",
      "screen",
      "ecran",
      "monitor",
      "keyboard",
      "clavier",
      "mouse",
      "souris",
      "docking",
      "battery",
      "batterie",
      "pc",
      "computer",
      "headset",
      "casque",
    ],
  },
  {
    id: "network",
    name: "Network",
    nameFr: "Réseau et VPN",
    defaultTeam: "network",
    keywords: [
      "vpn",
      "wifi",
      "wi fi",
      "network",
      "reseau",
      "internet",
      "connection",
      "connexion",
      "proxy",
      "dns",
      "firewall",
      "ethernet",
    ],
  },
  {
    id: "software",
    name: "Software",
    nameFr: "Logiciels",
    defaultTeam: "applications",
    keywords: [
      "software",
      "logiciel",
      "application",
      "install",
      "installer",
      "license",
      "licence",
      "update",
      "mise a jour",
      "crash",
      "excel",
      "word",
      "teams",
      "sap",
      "erp",
    ],
  },
  {
    id: "email",
    name: "Email",
    nameFr: "Messagerie",
    defaultTeam: "service-desk",
    keywords: [
      "email",
      "e mail",
      "mail",
      "courriel",
      "outlook",
      "mailbox",
      "boite mail",
      "calendar",
      "calendrier",
      "distribution list",
      "spam",
    ],
  },
  {
    id: "printing",
    name: "Printing",
    nameFr: "Impression",
    defaultTeam: "field-support",
    keywords: [
      "printer",
      "imprimante",
      "print",
      "imprimer",
      "impression",
      "toner",
      "cartouche",
      "scanner",
      "scan",
      "paper jam",
      "bourrage",
    ],
  },
  {
    id: "security",
    name: "Security",
    nameFr: "Sécurité",
    defaultTeam: "security",
    keywords: [
      "phishing",
      "hameconnage",
      "virus",
      "malware",
      "ransomware",
      "suspicious",
      "suspect",
      "hacked",
      "pirate",
      "breach",
      "stolen",
      "vole",
    ],
  },
  {
    id: "purchase",
    name: "Purchase requests",
    nameFr: "Demandes d'achat",
    defaultTeam: "purchasing",
    keywords: [
      "purchase",
      "achat",
      "order",
      "commande",
      "commander",
      "quote",
      "devis",
      "buy",
      "acheter",
      "invoice",
      "facture",
    ],
  },
  {
    id: "hr-admin",
    name: "HR and administrative",
    nameFr: "RH et administratif",
    defaultTeam: "hr",
    keywords: [
      "onboarding",
      "new starter",
      "arrivee",
      "leaver",
      "depart",
      "holiday",
      "conge",
      "payroll",
      "paie",
      "contract",
      "contrat",
      "badge",
      "expense",
      "note de frais",
    ],
  },
  { id: "other", name: "Other", nameFr: "Autre", defaultTeam: "service-desk", keywords: [] },
];

/**
 * Creates the default teams and categories on a desk that has nothing else: a desk with a team or category of its
 * own is left as it is, and a seeding that stopped halfway (a crash, a throttled write) is finished the next time.
 * Any failure but "already exists" stops it. True when it created something.
 */
export async function seedDefaults(): Promise<boolean> {
  const [categories, teams] = await Promise.all([listCategories(), listTeams()]);
  const teamIds = new Set(DEFAULT_TEAMS.map((team) => team.id));
  const categoryIds = new Set(DEFAULT_CATEGORIES.map((category) => category.id));
  const own = teams.some((team) => !teamIds.has(team.id)) || categories.some((c) => !categoryIds.has(c.id));
  if (own) return false;
  let created = false;
  const unlessExists = (error: unknown) => {
    if (!(error instanceof DeskError && error.code === "already_exists")) throw error;
  };
  const haveTeams = new Set(teams.map((team) => team.id));
  const haveCategories = new Set(categories.map((category) => category.id));
  for (const team of DEFAULT_TEAMS.filter((team) => !haveTeams.has(team.id))) {
    await createTeam(team).catch(unlessExists);
    created = true;
  }
  for (const category of DEFAULT_CATEGORIES.filter((c) => !haveCategories.has(c.id))) {
    await createCategory(category).catch(unlessExists);
    created = true;
  }
  return created;
}
