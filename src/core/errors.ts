/** An error the user can fix (bad input, an unreachable server): the CLI prints its message alone and exits 2. */
export class UserError extends Error {}

/** The output cannot be read or written (permissions, a full disk, another run holds the lock): exit 3. */
export class OutputError extends Error {}
