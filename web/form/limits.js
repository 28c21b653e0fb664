// The server's limits on what a customer types (core/ticket/input.ts: TicketSubmission, CustomerMessageInput); the
// page cannot import them: tests/unit/form-limits.test.ts keeps these equal. Nothing is cut: a longer text is
// said under its field as it is typed, and not sent.
export const LIMITS = { name: 200, email: 254, subject: 200, message: 20_000 };

/** What to say of a value over its limit (the server counts the trimmed text's UTF-16 units), or "" if it fits. */
export function lengthProblem(value, max, t, locale) {
  const length = value.trim().length;
  if (length <= max) return "";
  return t.tooLongField
    .replace("{length}", length.toLocaleString(locale))
    .replace("{max}", max.toLocaleString(locale));
}

/**
 * Says under each field, as the customer types, when it is over its limit (`fields`: the input, its error element
 * and its limit). Returns the check to run before sending: the first field over its limit (focused), or null.
 */
export function watchLengths(fields, t, locale) {
  const check = ({ input, error, max }) => {
    const problem = lengthProblem(input.value, max, t, locale);
    // Leaves a server's message alone until the text is over or back under the limit.
    if (!problem && error.dataset.tooLong !== "true") return "";
    error.dataset.tooLong = problem ? "true" : "false";
    input.setAttribute("aria-invalid", problem ? "true" : "false");
    error.textContent = problem;
    error.hidden = !problem;
    return problem;
  };
  for (const field of fields) field.input.addEventListener("input", () => check(field));
  return () => {
    const over = fields.find((field) => check(field));
    over?.input.focus();
    return over?.input ?? null;
  };
}
