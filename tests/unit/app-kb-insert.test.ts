import { describe, expect, it } from "vitest";
import {
  type ArticleView,
  chooseVersion,
  onePerArticle,
  SEARCH_MAX,
  searchText,
  withInserted,
} from "../../web/app/src/kb-insert.ts";
import { strings } from "../../web/app/src/strings.ts";

/** Inserting a help-center article's link from the composer: which version, and where it goes. */
const article = (over: Partial<ArticleView> = {}): ArticleView => ({
  id: "A1",
  locale: "en",
  title: "Reset your password",
  url: "https://desk.example/help/articles/reset-your-password",
  status: "published",
  translations: [],
  ...over,
});
const french = {
  id: "A2",
  locale: "fr",
  title: "Réinitialiser votre mot de passe",
  url: "https://desk.example/fr/help/articles/reinitialiser-votre-mot-de-passe",
  status: "published",
};

describe("agent app: the article version a reply links", () => {
  it("links the article in the ticket's language when it is written in it", () => {
    expect(chooseVersion(article(), "en")).toMatchObject({
      title: "Reset your password",
      locale: "en",
      fallback: false,
    });
  });
  it("links the published translation in the ticket's language", () => {
    expect(chooseVersion(article({ translations: [french] }), "fr")).toEqual({
      title: french.title,
      url: french.url,
      locale: "fr",
      translated: true,
      fallback: false,
    });
  });
  it("never links a draft translation: the article's own language instead, said to be a fallback", () => {
    const chosen = chooseVersion(article({ translations: [{ ...french, status: "draft" }] }), "fr");
    expect(chosen).toMatchObject({ url: article().url, locale: "en", fallback: true });
  });
  it("links nothing once the article and its translations are unpublished", () => {
    expect(chooseVersion(article({ status: "draft" }), "en")).toBeNull();
    expect(
      chooseVersion(article({ status: "draft", translations: [{ ...french, status: "draft" }] }), "fr"),
    ).toBeNull();
    // A published translation still serves a ticket in its language.
    expect(chooseVersion(article({ status: "draft", translations: [french] }), "fr")).toMatchObject({
      url: french.url,
    });
  });
});

describe("agent app: the article's line goes in at the cursor", () => {
  const line = strings.en.kbInsert.linkLine("Reset your password", "https://d.example/a");
  it("replaces the selection, or goes at the caret, with the caret after it", () => {
    expect(withInserted("Hello,\n\n\nThanks", 8, 8, line)).toEqual({
      text: `Hello,\n\n${line}\nThanks`,
      caret: 8 + line.length,
    });
    expect(withInserted("Read THIS now", 5, 9, line).text).toBe(`Read ${line} now`);
    expect(withInserted("", 0, 0, line)).toEqual({ text: line, caret: line.length });
  });
  it("keeps the link apart from a word it would touch", () => {
    expect(withInserted("See:here", 4, 4, "T: u")).toEqual({ text: "See: T: u here", caret: 10 });
    // A caret past the end (a draft changed meanwhile) is the end.
    expect(withInserted("abc", 10, 12, "x").text).toBe("abc x");
  });
  it("writes the line in the ticket's language's typography", () => {
    expect(strings.en.kbInsert.linkLine("T", "https://u")).toBe("T: https://u");
    expect(strings.fr.kbInsert.linkLine("T", "https://u")).toBe("T\u00a0: https://u");
  });
});

describe("the search an agent types or pastes", () => {
  it("is cut to what the search takes, never inside a character", () => {
    expect(searchText("  mot de passe  ")).toBe("mot de passe");
    const pasted = "J'ai oublié mon mot de passe et je ne peux plus me connecter. ".repeat(6);
    expect(searchText(pasted).length).toBeLessThanOrEqual(SEARCH_MAX);
    expect(pasted.trim().startsWith(searchText(pasted))).toBe(true);
    // An emoji across the limit (two UTF-16 units): dropped whole, so the query can go in a URL.
    const emoji = `${"a".repeat(SEARCH_MAX - 1)}😀 b`;
    expect(searchText(emoji)).toBe("a".repeat(SEARCH_MAX - 1));
    expect(() => encodeURIComponent(searchText(emoji))).not.toThrow();
  });
});

describe("the rows a search lists", () => {
  it("lists an article once, in the ticket's language when found in both, its translation dropped", () => {
    const hit = (id: string, group: string, locale: "en" | "fr") => ({ id, group, locale });
    // Found in French (the ticket's language, searched first), then in English: A2 and A1 are one article.
    const rows = onePerArticle([
      hit("A2", "G1", "fr"),
      hit("B1", "G2", "fr"),
      hit("A1", "G1", "en"),
      hit("C1", "G3", "en"),
    ]);
    expect(rows.map((row) => row.id)).toEqual(["A2", "B1", "C1"]);
    // Found only in the other language: its row stays (inserting it links the translation, see chooseVersion).
    expect(onePerArticle([hit("A1", "G1", "en")]).map((row) => row.id)).toEqual(["A1"]);
  });
});
