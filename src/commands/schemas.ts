// Input schemas shared by CLI flags and MCP tool arguments (SPEC §5.1, §8.8).
import { z } from "zod";
import { validateGlob } from "../kernel/globs.js";
import { isActor, isLearningId, isSessionId, isTicketId } from "../kernel/ids.js";

const idSchema = (test: (id: string) => boolean, kind: string) =>
  z.string().refine(test, { message: `not a valid ${kind} id`, params: { code: "id_invalid" } });

export const TicketId = idSchema(isTicketId, "ticket");
export const SessionId = idSchema(isSessionId, "session");
export const LearningId = idSchema(isLearningId, "learning");
export const Actor = z.string().refine(isActor, { message: "not a valid actor (e.g. human:alice, agent:claude)", params: { code: "actor_invalid" } });

/** A repo-relative glob for ticket scopes and boundaries. */
export const ScopeGlob = z.string().superRefine((value, ctx) => {
  const problem = validateGlob(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem.message, params: { code: problem.code } });
});

export const Timestamp = z.string().refine((v) => !Number.isNaN(Date.parse(v)), { message: "not an ISO timestamp", params: { code: "timestamp_invalid" } });

export const NonEmptyText = z.string().trim().min(1, { message: "must not be empty" });
