// exo ledger-show: the merged ledger view, filtered.
import * as z from "zod";
import { Actor, SessionId, TicketId, Timestamp, WriterId } from "./schemas.js";
import { defineCommand } from "./command.js";
import { WarningCode } from "../errors.js";

export const ledgerShow = defineCommand({
  name: "ledger-show",
  summary: "Show ledger records from every segment, merged by time.",
  examples: ["exo ledger show --ticket-id TICKET-001", "exo ledger show --type session.finished --limit 20"],
  aliases: ["ledger show"],
  readOnly: true,
  input: () => z.object({
    type: z.array(z.string().min(1)).default([]).describe("Only these event types (repeatable)"),
    session_id: SessionId().optional().describe("Only records of this session"),
    ticket_id: TicketId().optional().describe("Only records of this ticket"),
    actor: Actor().optional().describe("Only records by this actor"),
    writer: WriterId().optional().describe("Only this segment"),
    since: Timestamp().optional().describe("Only records at or after this time"),
    limit: z.number().int().min(1).optional().describe("The last N matching records (default: 100)"),
    all: z.boolean().default(false).describe("No limit"),
  }),
  async run(ctx, input) {
    const { readAllRecords } = await import("../stdlib/ledger/read.js");
    const records = await readAllRecords(await ctx.governed());
    const since = input.since ? new Date(input.since).toISOString() : null;
    // Ticket ids are unique ignoring case (a closed or deleted ticket's records are still shown).
    const ticket = input.ticket_id?.toUpperCase();
    const matching = records.filter(
      (r) =>
        (input.type.length === 0 || input.type.includes(r.type)) &&
        (!input.session_id || r.session === input.session_id) &&
        (!ticket || r.ticket?.toUpperCase() === ticket) &&
        (!input.actor || r.actor === input.actor) &&
        (!input.writer || r.writer === input.writer) &&
        (!since || r.ts >= since),
    );
    // A mistyped type matches nothing and would read as "nothing happened": name the types there are.
    const seen = [...new Set(records.map((r) => r.type))].sort();
    for (const type of input.type.filter((t) => !seen.includes(t))) {
      const family = seen.filter((t) => t.split(".")[0] === type.split(".")[0]);
      ctx.warn(WarningCode.FILTER_MATCHES_NOTHING, `No record in this ledger has type ${JSON.stringify(type)}; ${family.length > 0 ? "its family has" : "types there are"}: ${(family.length > 0 ? family : seen).join(", ")}.`);
    }
    // A ticket id typed with a slip (T-03 for T-3) matches nothing too: name the one meant.
    if (input.ticket_id && !records.some((r) => r.ticket?.toUpperCase() === ticket)) {
      const { nearTicketId } = await import("../stdlib/tickets/resolve.js");
      const meant = nearTicketId(input.ticket_id, [...new Set(records.flatMap((r) => (r.ticket ? [r.ticket] : [])))]);
      ctx.warn(WarningCode.FILTER_MATCHES_NOTHING, `No record in this ledger names ticket ${input.ticket_id}${meant ? `; did you mean ${meant}? (exo ledger show --ticket-id ${meant})` : ""}.`);
    }
    // So does a session, actor or writer no record names (a slip, or a session of another clone).
    const named: [string, string | undefined, (r: (typeof records)[number]) => string | null | undefined][] = [
      ["session", input.session_id, (r) => r.session],
      ["actor", input.actor, (r) => r.actor],
      ["writer", input.writer, (r) => r.writer],
    ];
    for (const [what, value, of] of named) {
      if (value && !records.some((r) => of(r) === value)) ctx.warn(WarningCode.FILTER_MATCHES_NOTHING, `No record in this ledger names ${what} ${value}.`);
    }
    // --all and --limit together: --all wins, and says so (a silent win reads as "only N records").
    if (input.all && input.limit !== undefined) ctx.warn(WarningCode.OPTION_IGNORED, `--limit ${input.limit} is ignored: --all shows every matching record.`);
    const shown = input.all ? matching : matching.slice(-(input.limit ?? 100));
    return { records: shown, total: matching.length, truncated: shown.length < matching.length };
  },
});
