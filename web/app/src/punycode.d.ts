/** punycode.js (mathiasbynens/punycode.js), its ES module build: the one function the agent app uses. */
declare module "punycode/punycode.es6.js" {
  export function toUnicode(domain: string): string;
}
