// The report's schema, for validating reports in tests and tools, and the source of
// docs/report.schema.json. Private: zod types stay out of the public API.

import { z } from "npm:zod@4";
import { type VenueId, VENUES } from "../venues/types.ts";

const Status = z.enum(["FLAT", "NOT_FLAT", "UNKNOWN"]);

const NativeRequest = z.strictObject({
  method: z.enum(["GET", "POST", "DELETE"]),
  host: z.string(),
  path: z.string(),
  params: z.record(z.string(), z.string()),
});

const PlanStep = z.strictObject({
  action: z.enum(["cancel-all", "cancel-plan", "sweep"]),
  request: NativeRequest,
  note: z.string(),
});

const OpenOrder = z.strictObject({
  venue: z.enum(VENUES as [VenueId, ...VenueId[]]),
  account: z.string(),
  id: z.string(),
  clientId: z.string().optional(),
  symbol: z.string(),
  kind: z.enum(["regular", "conditional"]),
  market: z.string(),
  status: z.string(),
  baseCoin: z.string().optional(),
  settleCoin: z.string().optional(),
  detail: z.record(z.string(), z.string()).optional(),
});

const ReportError = z.strictObject({
  phase: z.enum(["cancel", "verify", "setup"]),
  kind: z.string(),
  code: z.string().optional(),
  status: z.number().int().optional(),
  endpoint: z.string().optional(),
  message: z.string(),
});

const AccountReport = z.strictObject({
  venue: z.enum(VENUES as [VenueId, ...VenueId[]]),
  account: z.string(),
  host: z.string(),
  environment: z.enum(["production", "testnet", "demo", "custom"]),
  status: Status,
  reason: z.string(),
  plan: z.array(PlanStep),
  requests: z.strictObject({
    total: z.number().int().min(0),
    retries: z.number().int().min(0),
    byEndpoint: z.record(z.string(), z.number().int().min(0)),
  }),
  acknowledged: z.array(z.string()),
  alreadyGone: z.array(z.string()),
  remaining: z.array(OpenOrder),
  errors: z.array(ReportError),
  rounds: z.number().int().min(0),
  timings: z.strictObject({
    cancelMs: z.number().min(0),
    verifyMs: z.number().min(0),
    totalMs: z.number().min(0),
  }),
  warnings: z.array(z.string()).optional(),
});

/** The report, version 1. */
export const ReportSchema = z.strictObject({
  version: z.literal(1),
  tool: z.literal("killswitch"),
  dryRun: z.boolean(),
  outcome: Status,
  scope: z.string(),
  startedAt: z.iso.datetime(),
  durationMs: z.number().min(0),
  totals: z.strictObject({
    accounts: z.number().int().min(0),
    flat: z.number().int().min(0),
    notFlat: z.number().int().min(0),
    unknown: z.number().int().min(0),
    requests: z.number().int().min(0),
    acknowledged: z.number().int().min(0),
    remaining: z.number().int().min(0),
    errors: z.number().int().min(0),
  }),
  accounts: z.array(AccountReport),
  permissions: z.string().optional(),
  listings: z.record(z.string(), z.array(NativeRequest)).optional(),
}).meta({
  $id: "https://github.com/killswitch/killswitch/docs/report.schema.json",
  title: "killswitch report",
  description: "Report of one cancel run (version 1). Never contains a credential.",
});

/** The JSON Schema document, as committed in docs/report.schema.json. */
export function reportJsonSchema(): string {
  return JSON.stringify(z.toJSONSchema(ReportSchema, { target: "draft-2020-12" }), null, 2) + "\n";
}
