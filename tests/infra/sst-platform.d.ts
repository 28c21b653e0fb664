/**
 * SST's platform source (.sst/platform/src), which tests/infra/mock-program.ts imports and esbuild resolves
 * (tests/infra/deploy-graph.ts). Declared loosely: it is SST's code, written for SST's own compiler settings,
 * and this project's typecheck must not depend on it.
 */
declare module "sst-platform/*";
/** A package of SST's platform (.sst/platform/node_modules), such as its copy of Pulumi. */
declare module "sst-platform-package/*";
