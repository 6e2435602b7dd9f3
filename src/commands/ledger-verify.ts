// exo ledger-verify: check every segment's hash chain and that committed records are intact.
import * as z from "zod";
import { ledgerHint, type VerifyReport } from "../stdlib/ledger/read.js";
import { defineCommand } from "./command.js";

export const ledgerVerify = defineCommand({
  name: "ledger-verify",
  summary: "Verify the ledger: hash chains per segment and committed records unchanged.",
  examples: ["exo ledger verify", "exo ledger verify --no-git"],
  aliases: ["ledger verify"],
  readOnly: true,
  input: () => z.object({
    git: z.boolean().default(true).describe("Compare with the records committed at HEAD (--no-git skips it)"),
  }),
  async run(ctx, input): Promise<VerifyReport> {
    const { verifyLedger } = await import("../stdlib/ledger/read.js");
    return verifyLedger(await ctx.governed(), { git: input.git, env: ctx.env });
  },
  verdict(data) {
    if (data.valid) return null;
    const first = data.errors[0];
    return {
      code: "LEDGER_INVALID",
      message: `The ledger does not verify: ${first?.message ?? "invalid"}${first?.segment ? ` (segment ${first.segment}${first.seq !== null ? `, record ${first.seq}` : ""})` : ""}.`,
      hint: ledgerHint(data),
    };
  },
});
