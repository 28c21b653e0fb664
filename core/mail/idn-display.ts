/**
 * How a person reads an address whose domain is internationalised: `josé@xn--socit-esab.fr` is stored, keyed and
 * mailed in that ASCII (punycode) form, and shown as `josé@société.fr`. Only the domain's `xn--` labels change
 * (a local part is never punycode); pure, so the agent app shows addresses by the same rule as the server's mail.
 *
 * A label is left as it is when it does not decode to a valid label (`decode` answers "") or when it decodes to
 * anything but Latin letters (`readableAsIs`): shown decoded, such a domain could pass for another, so the
 * punycode is the honest form.
 */
export function displayAddressWith(address: string, decode: (label: string) => string): string {
  const at = address.lastIndexOf("@");
  if (at < 0) return displayDomainWith(address, decode);
  return `${address.slice(0, at)}@${displayDomainWith(address.slice(at + 1), decode)}`;
}

/** `displayAddressWith` for a bare domain. */
export function displayDomainWith(domain: string, decode: (label: string) => string): string {
  if (!/(^|\.)xn--/i.test(domain)) return domain;
  return domain
    .split(".")
    .map((label) => {
      if (!/^xn--/i.test(label)) return label;
      const shown = decode(label);
      return shown && readableAsIs(shown) ? shown : label;
    })
    .join(".");
}

/**
 * A decoded label shown as it is: Latin letters (accents included) with digits and hyphens only. Any other
 * script stays in punycode: a label of another script, or of several, may pass for a Latin one (`аррӏе` in
 * Cyrillic, `gօօgle` with Armenian letters), and the desk cannot tell a lookalike from a genuine name (browsers
 * apply a per-script table for that). The customers of a French and English desk write Latin.
 */
const readableAsIs = (label: string) => /^[\p{Script=Latin}\p{Mark}0-9-]+$/u.test(label);
