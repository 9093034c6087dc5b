/**
 * error-monitor-sdk: heartbeats and error reports from Node.js 18+ and browsers to a
 * self-hosted Error Monitor server. No dependencies; uses the global `fetch`.
 */
export { DEFAULT_API_URL, ErrorMonitor } from "./monitor.js";
export { ErrorMonitorProblem } from "./problems.js";
