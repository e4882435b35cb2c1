/** An error the user can fix (bad input, an unreachable server): the CLI prints its message alone and exits 2. */
export class UserError extends Error {}
