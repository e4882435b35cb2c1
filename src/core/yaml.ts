/** YAML as every generated file writes it: no line folding, no anchors, keys in insertion order. */
import { stringify } from 'yaml';

export function toYaml(document: unknown): string {
  return stringify(document, { lineWidth: 0, indent: 2, sortMapEntries: false, aliasDuplicateObjects: false });
}
