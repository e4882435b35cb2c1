/** An invalid catalog: every problem names the file (and line), the service, the SLO and the field. */
import { UserError } from '../core/errors.js';

export class CatalogError extends UserError {
  constructor(readonly problems: string[]) {
    // A problem's continuation lines are indented: a message with newlines cannot forge a problem line of its own.
    super(`invalid catalog:\n${problems.map((p) => `  - ${p.replace(/\r\n?|\n|\u2028|\u2029/g, '\n    ')}`).join('\n')}`);
    this.name = 'CatalogError';
  }
}
