// zod issues → exo Issues, with the issue code a schema set in `params.code` when present.
import type { z } from "zod";
import type { Issue } from "../errors.js";

export function zodIssues(error: z.ZodError): Issue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    const params = (issue as { params?: { code?: string } }).params;
    const code =
      params?.code ??
      (issue.code === "unrecognized_keys" ? "unknown_key" : issue.code === "invalid_type" ? "type_invalid" : issue.code);
    return { path, code, message: issue.message, severity: "error" as const };
  });
}
