/** An error the user can fix (bad input, an unreachable server): the CLI prints its message alone and exits 2. */
export class UserError extends Error {}

/** The output cannot be read or written (permissions, a full disk, another run holds the lock): exit 3. */
export class OutputError extends Error {}

/** A failure of the system (EACCES, ENOSPC…), which the CLI reports as an output error. */
// Typed without Node's types: this module's declarations ship in the package, where @types/node may be absent.
export function isSystemError(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}
