/** Shared pieces of ElectroDB schemas: readable keys (`TICKET#01J…`) instead of ElectroDB's default format. */
export const SERVICE = "desk";

export function key(field: string, template: string, composite: readonly string[] = []) {
  return { field, composite, template, casing: "none" } as const;
}
