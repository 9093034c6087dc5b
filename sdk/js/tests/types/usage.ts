// What the README shows, typed against index.d.ts as a TypeScript user imports it; and what the
// declarations must refuse (each `@ts-expect-error` fails `tsc` if the line is accepted).
import { DEFAULT_API_URL, ErrorMonitor, ErrorMonitorProblem } from "error-monitor-sdk";
import type { ProblemReason, Severity } from "error-monitor-sdk";

const monitor = new ErrorMonitor({
  projectToken: process.env.ERROR_MONITOR_TOKEN,
  apiUrl: DEFAULT_API_URL,
  timeoutMs: 5_000,
  onError: (problem) => {
    const reason: ProblemReason = problem.reason;
    const status: number | undefined = problem.status;
    return [reason, status, problem.path, problem.attempts, problem instanceof ErrorMonitorProblem];
  },
  fetch: (input, init) => globalThis.fetch(input, init),
});
const uninstall: () => void = monitor.installGlobalHandlers({ exitOnUncaught: false });
uninstall();
monitor.startHeartbeat({ intervalMs: 60_000, version: "1.0.0", additionalData: { env: "prod" } });
monitor.stopHeartbeat();

export async function oneOff(): Promise<boolean[]> {
  const severity: Severity = "critical";
  return [
    await monitor.sendHeartbeat({ version: "1.0.0", additionalData: { env: "production" } }),
    await monitor.sendError(new Error("boom"), { context: { important: "data" }, severity }),
    await monitor.sendError("not an Error: any value may be reported"),
    await monitor.sendError(new Error("alias"), { severity: "warn" }),
    await monitor.flush(5_000),
  ];
}

// @ts-expect-error projectToken is required (undefined is allowed: it disables the monitor)
new ErrorMonitor({ apiUrl: DEFAULT_API_URL });
// @ts-expect-error an unknown severity
void monitor.sendError(new Error("x"), { severity: "bogus" });
// @ts-expect-error sendHeartbeat resolves a boolean, not a string
export const notAString: Promise<string> = monitor.sendHeartbeat();
// @ts-expect-error the problem's details are required
new ErrorMonitorProblem("message only");
