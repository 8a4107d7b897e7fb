// Usage errors: bad flags, environment or accounts file. The scripts print the message on one
// line and exit 2, having sent nothing.

/** A usage or configuration error: exit code 2, nothing sent. */
export class UsageError extends Error {
  /** Builds the error; `message` is one line naming the problem. */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * A needed variable is not set. For one account among several this is not a usage error:
 * the account is reported NOT FLAT with this message and the other accounts still run.
 */
export class MissingVariableError extends UsageError {
  /** Builds the error naming the variable. */
  constructor(message: string) {
    super(message);
    this.name = "MissingVariableError";
  }
}
