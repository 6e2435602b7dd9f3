// A scripted HTTP API on loopback (port 0) for the harness and SDK tests: POST <path> bodies are
// parsed and kept in order, anything else is a 404 naming the request, the server closes when
// the test ends.
import { createServer, type ServerResponse } from "node:http";
import { onTestFinished } from "vitest";

export interface Loopback<T> {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** Bodies of the POST requests, in order. */
  requests: T[];
}

export async function scriptedPost<T>(path: string, answer: (body: T, index: number, res: ServerResponse) => void, notFound: Record<string, unknown> = {}): Promise<Loopback<T>> {
  const requests: T[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      if (req.method !== "POST" || !(req.url ?? "").startsWith(path)) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: `not scripted: ${req.method} ${req.url}`, ...notFound } }));
        return;
      }
      const json = JSON.parse(body || "{}") as T;
      requests.push(json);
      answer(json, requests.length, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  onTestFinished(() => new Promise<void>((r) => server.close(() => r())));
  return { origin: `http://127.0.0.1:${(server.address() as { port: number }).port}`, requests };
}
