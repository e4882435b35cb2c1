/**
 * Catalog ids for SLOs named by another tool. A catalog id is kebab-case and at most 40 characters
 * (it becomes part of rule names and dashboard uids); a peer's name may be longer, or two files may
 * use one name for different SLOs of a service. Such a name gets a stable short id: its kebab form
 * cut to fit, and six hex digits of the name's SHA-256, so the same input always gives the same id.
 */
import { createHash } from 'node:crypto';
import { MAX_ID_LENGTH } from '../core/identifier.js';
const HASH_LENGTH = 6;

/** Ids taken in one service, each with the source name and where it was read. */
export type IdRegistry = Map<string, { name: string; where: string }>;

export const kebab = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

export interface ImportedId {
  id: string;
  /** Why the id is not the name's kebab form, naming the source, when it is not. */
  comment?: string;
}

/** The id of an SLO named `name`, read at `where`; undefined when the name has no letter or digit. */
export function importedId(name: string, ids: IdRegistry, where: string): ImportedId | undefined {
  const plain = kebab(name);
  if (!plain) return undefined;
  const taken = ids.get(plain);
  if (plain.length <= MAX_ID_LENGTH && (!taken || taken.name === name)) {
    ids.set(plain, { name, where });
    return { id: plain };
  }
  const hash = createHash('sha256').update(name).digest('hex').slice(0, HASH_LENGTH);
  const id = `${plain.slice(0, MAX_ID_LENGTH - HASH_LENGTH - 1).replace(/-+$/, '')}-${hash}`;
  const reason =
    plain.length > MAX_ID_LENGTH
      ? `is ${plain.length} characters as an id, over the catalog's ${MAX_ID_LENGTH}`
      : `collides with ${JSON.stringify(taken?.name)} read at ${taken?.where}`;
  ids.set(id, { name, where });
  return { id, comment: `The source name ${JSON.stringify(name)} (${where}) ${reason}: a stable short id.` };
}
