// Error-to-report mapping for the cancel engine: what a failure becomes in the report, and
// whether a failed listing is worth another round.

import { VenueError } from "../venues/errors.ts";
import type { ReportError } from "./report.ts";

/** Whether a failed listing may succeed if asked again in the `leftMs` the run has left. */
export function isRetryableListingError(error: unknown, leftMs: number): boolean {
  // The transport already retried transient failures; auth and bad requests will not change.
  if (!(error instanceof VenueError)) return false;
  // A venue that asks for a longer wait than the run has left (Bybit's 403 IP limit: 10 min)
  // is not asked again: more requests would only extend the ban.
  if ((error.retryAfterMs ?? 0) > leftMs) return false;
  return error.retryable || error.kind === "timestamp";
}

/** The report's form of a cancel or verify failure; `interrupted` names an abort's cause. */
export function toReportError(
  error: unknown,
  phase: "cancel" | "verify",
  interrupted: boolean,
): ReportError {
  if (error instanceof VenueError) {
    return {
      phase,
      kind: error.kind,
      code: error.code,
      status: error.status,
      endpoint: error.endpoint,
      message: error.message,
    };
  }
  if (
    error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError")
  ) {
    return { phase, kind: "aborted", message: interrupted ? "interrupted" : "deadline passed" };
  }
  if (error instanceof Deno.errors.NotCapable) {
    return { phase, kind: "permission", message: "network permission denied" };
  }
  const name = error instanceof Error ? error.name : "Error";
  const message = error instanceof Error ? error.message : String(error);
  return { phase, kind: name === "InputError" ? "input" : "internal", message };
}
