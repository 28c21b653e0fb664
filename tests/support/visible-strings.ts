import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseAst } from "vite";

/** A string the agent would read that is written in the code instead of taken from the catalogue. */
export interface Literal {
  file: string;
  line: number;
  text: string;
  where: string;
}

/** Attributes whose string values are never read by a person (markup, routing, form plumbing). */
const TECHNICAL_ATTRIBUTES = new Set([
  "class",
  "className",
  "id",
  "for",
  "htmlFor",
  "href",
  "src",
  "type",
  "name",
  "role",
  "rel",
  "target",
  "method",
  "action",
  "enctype",
  "autocomplete",
  "autoComplete",
  "inputMode",
  "inputmode",
  "pattern",
  "accept",
  "lang",
  "dir",
  "key",
  "path",
  "scope",
  "screen",
  "value",
  "min",
  "max",
  "step",
  "form",
  "list",
  "sizes",
  "download",
  "hidden",
  "aria-live",
  "aria-current",
  "aria-haspopup",
  "aria-sort",
  "aria-controls",
  "aria-describedby",
  // A component's prop carrying ids for aria-describedby (SignatureEditor).
  "describedBy",
  "aria-labelledby",
  "aria-expanded",
  "aria-pressed",
  "aria-hidden",
  "aria-invalid",
  "aria-modal",
  "aria-busy",
  "aria-autocomplete",
  "aria-activedescendant",
  "aria-selected",
  "aria-checked",
  "aria-orientation",
  "aria-keyshortcuts",
  "tabIndex",
  "tabindex",
  "style",
  "wrap",
  "loading",
  "decoding",
  "spellcheck",
  "enterKeyHint",
  "enterkeyhint",
  "draggable",
  "viewBox",
  "fill",
  "stroke",
  "d",
  "xmlns",
]);

const hasLetter = /\p{L}/u;
/** Object keys whose values are identifiers, not words: { name: "csatDelayMinutes", kind: "number" }. */
const TECHNICAL_KEYS = new Set(["name", "kind", "type", "id", "key", "path", "field", "code", "value"]);
type Node = { type: string; start: number; [key: string]: unknown };

/** String parts of an expression that end up as text: literals, both branches of a condition, a fallback. */
function shownParts(expr: Node | null | undefined): Node[] {
  if (!expr) return [];
  switch (expr.type) {
    case "Literal":
      return typeof expr.value === "string" ? [expr] : [];
    case "TemplateLiteral":
      return (expr.quasis as Node[]).concat((expr.expressions as Node[]).flatMap(shownParts));
    case "ConditionalExpression":
      return [...shownParts(expr.consequent as Node), ...shownParts(expr.alternate as Node)];
    case "LogicalExpression":
      return [
        ...(expr.operator === "&&" ? [] : shownParts(expr.left as Node)),
        ...shownParts(expr.right as Node),
      ];
    case "BinaryExpression":
      return expr.operator === "+"
        ? [...shownParts(expr.left as Node), ...shownParts(expr.right as Node)]
        : [];
    case "ParenthesizedExpression":
    case "TSAsExpression":
    case "TSNonNullExpression":
      return shownParts(expr.expression as Node);
    case "ArrayExpression":
      return (expr.elements as Node[]).flatMap(shownParts);
    case "CallExpression": {
      // others.map((o) => `${o.name} is here`).join(" · "): what the callbacks of a chain return is shown.
      const callee = expr.callee as Node;
      const object = callee.type === "MemberExpression" ? (callee.object as Node) : undefined;
      // ["en", "fr"].map(…) iterates data: only a call earlier in the chain can carry shown words.
      const chain = object?.type === "CallExpression" ? shownParts(object) : [];
      const callbacks = (expr.arguments as Node[]).filter((a) => /FunctionExpression$/.test(a.type));
      return [...chain, ...callbacks.flatMap((f) => returned(f.body as Node).flatMap(shownParts))];
    }
    case "ObjectExpression":
      // { form: "Failed" }, entries={{ phone: "Phone" }}: the values are shown, the keys are not.
      return (expr.properties as Node[]).flatMap((p) =>
        p.type === "Property" && !TECHNICAL_KEYS.has(String((p.key as Node).name ?? (p.key as Node).value))
          ? shownParts(p.value as Node)
          : [],
      );
    default:
      return [];
  }
}

const textOf = (n: Node) =>
  n.type === "TemplateElement" ? String((n.value as { cooked: string }).cooked) : String(n.value);

/** The values a function body returns (an arrow's expression body counts as returned). */
function returned(body: Node | null | undefined): Node[] {
  if (!body) return [];
  if (body.type !== "BlockStatement") return [body];
  const found: Node[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    const n = node as Node;
    if (/Function/.test(n.type)) return; // a nested function's returns are its own
    if (n.type === "ReturnStatement" && n.argument) found.push(n.argument as Node);
    for (const [key, value] of Object.entries(n))
      if (key !== "type" && value && typeof value === "object") walk(value);
  };
  walk(body.body);
  return found;
}

/** Every visible literal in one .tsx source: JSX text, text-bearing attributes, `{...}` children, dialogs, titles. */
export function visibleLiterals(source: string, file: string): Literal[] {
  const ast = parseAst(source, { lang: "tsx" }) as unknown as Node;
  const lineOf = (pos: number) => source.slice(0, pos).split("\n").length;
  const found: Literal[] = [];
  const report = (n: Node, where: string) => {
    // HTML entities (&lt;) are punctuation, not words.
    const text = textOf(n)
      .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, "")
      .trim();
    if (hasLetter.test(text)) found.push({ file, line: lineOf(n.start), text, where });
  };
  const visit = (node: unknown, parent?: Node) => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child, parent);
      return;
    }
    if (!node || typeof node !== "object" || typeof (node as Node).type !== "string") return;
    const n = node as Node;
    if (n.type === "JSXText") report(n, "JSX text");
    if (n.type === "JSXAttribute") {
      const name = (n.name as Node).type === "JSXIdentifier" ? String((n.name as Node).name) : "";
      const technical = TECHNICAL_ATTRIBUTES.has(name) || name.startsWith("data-") || /^on[A-Z]/.test(name);
      if (!technical) {
        const value = n.value as Node | null;
        const parts =
          value?.type === "JSXExpressionContainer" ? shownParts(value.expression as Node) : shownParts(value);
        for (const p of parts) report(p, `${name}=`);
        // submit={async () => { …; return "Saved."; }}: what a callback prop returns is shown as its outcome.
        const fn = value?.type === "JSXExpressionContainer" ? (value.expression as Node) : undefined;
        if (fn && /FunctionExpression$/.test(fn.type))
          for (const r of returned(fn.body as Node))
            for (const p of shownParts(r)) report(p, `${name}= returns`);
      }
    }
    if (
      n.type === "JSXExpressionContainer" &&
      (parent?.type === "JSXElement" || parent?.type === "JSXFragment")
    )
      for (const p of shownParts(n.expression as Node)) report(p, "{…} in JSX");
    if (n.type === "CallExpression") {
      const callee = n.callee as Node;
      const name =
        callee.type === "Identifier"
          ? String(callee.name)
          : callee.type === "MemberExpression"
            ? String((callee.property as Node).name)
            : "";
      if (["alert", "confirm", "prompt"].includes(name))
        for (const a of n.arguments as Node[]) for (const p of shownParts(a)) report(p, `${name}()`);
      // Messages put into state for display: setError("…"), setNotice("…").
      if (/^set\w*(Error|Errors|Message|Notice|Note|Flash|Toast|Status|Info|Done)$/.test(name))
        for (const a of n.arguments as Node[]) for (const p of shownParts(a)) report(p, `${name}()`);
    }
    if (n.type === "AssignmentExpression") {
      const left = n.left as Node;
      if (left.type === "MemberExpression" && (left.property as Node).name === "title")
        for (const p of shownParts(n.right as Node)) report(p, "document.title");
    }
    for (const [key, value] of Object.entries(n))
      if (key !== "type" && value && typeof value === "object") visit(value, n);
  };
  visit(ast);
  return found;
}

/** Every .tsx file under a folder, recursively. */
export function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsxFiles(join(dir, e.name)) : e.name.endsWith(".tsx") ? [join(dir, e.name)] : [],
  );
}

export function scanApp(root: string): Literal[] {
  return tsxFiles(root).flatMap((f) => visibleLiterals(readFileSync(f, "utf8"), relative(root, f)));
}
