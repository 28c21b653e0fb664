/**
 * Whether a mailing list delivered the message: it carries RFC 2919's List-Id or RFC 2369's List-Unsubscribe,
 * which Mailman, Google Groups, Sympa and the like all add. `header`: a header's value, null when absent.
 */
export const viaMailingList = (header: (name: string) => string | null) =>
  header("list-id") !== null || header("list-unsubscribe") !== null;
