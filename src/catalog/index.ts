/** Public catalog API: import from here in slos/*.ts. */
export * from './builders.js';
export type { CatalogInput, ServiceInput, SloInput } from './schema.js';
