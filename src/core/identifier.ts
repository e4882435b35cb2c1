/** Catalog ids (services, SLOs, capacity targets): kebab-case, and short, since they become part of rule names and dashboard uids. */
export const IDENTIFIER_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_ID_LENGTH = 40;
