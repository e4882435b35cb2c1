/** An invalid catalog: every problem names the file (and line), the service, the SLO and the field. */
import { UserError } from '../core/errors.js';

export class CatalogError extends UserError {
  constructor(readonly problems: string[]) {
    super(`invalid catalog:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CatalogError';
  }
}
