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
