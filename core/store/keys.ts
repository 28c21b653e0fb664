/** Shared pieces of ElectroDB schemas: readable keys (`TICKET#01J…`) instead of ElectroDB's default format. */
export const SERVICE = "desk";

export function key<const F extends string, const C extends readonly string[] = readonly []>(
  field: F,
  template: string,
  composite: C = [] as unknown as C,
) {
  return { field, composite, template, casing: "none" } as const;
}
