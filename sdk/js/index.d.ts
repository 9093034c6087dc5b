// Hand-written types for error-monitor-sdk (the package is plain JavaScript, no build step).

/** The API URL used when none is given: `http://localhost:8000/api/v1`. */
export declare const DEFAULT_API_URL: string;

/** Severities the server knows; "warn", "fatal" and "err" are accepted as aliases. */
export type Severity = "debug" | "info" | "warning" | "error" | "critical";
export type SeverityAlias = "warn" | "fatal" | "err";

/** Why `onError` was called. */
export type ProblemReason =
  /** The server answered a 4xx other than 429 (bad token, disabled project, too big...). */
  | "rejected"
  /** Network errors, timeouts, 5xx or 429 outlasted the retries (or a too-long Retry-After). */
  | "gave_up"
  /** The queue held `maxQueue` reports: the oldest waiting one (or this one) was dropped. */
  | "queue_full"
  /** The arguments needed fixing (an unknown severity) or could not be serialised. */
  | "invalid_input"
  /** A bug in the SDK, caught so that it does not reach the host program. */
  | "internal";

/** What `onError` receives. The SDK never throws it. */
export declare class ErrorMonitorProblem extends Error {
  /** Made by the SDK; `details` is required (the constructor reads its fields). */
  constructor(
    message: string,
    details: {
      reason: ProblemReason;
      path?: string;
      status?: number;
      attempts?: number;
      cause?: unknown;
    },
  );
  readonly name: "ErrorMonitorProblem";
  readonly reason: ProblemReason;
  /** The API path the report was for: "/heartbeat" or "/log". */
  readonly path?: string;
  /** The HTTP status of the last answer, when one arrived. */
  readonly status?: number;
  /** How many requests were made for the report. */
  readonly attempts?: number;
}

export interface ErrorMonitorOptions {
  /**
   * The project's token. Empty or missing (an unset environment variable, say) disables the
   * monitor with one console warning: every call then resolves false and sends nothing.
   */
  projectToken: string | undefined;
  /** The API's base URL, `/api/v1` included; http(s). Default `http://localhost:8000/api/v1`. */
  apiUrl?: string;
  /** Per request, reading the answer included. Default 5000. */
  timeoutMs?: number;
  /**
   * Most reports held at once, the one being sent included. When full, the oldest waiting
   * report is dropped to make room (after an outage the latest say more). Default 100.
   */
  maxQueue?: number;
  /** Retries after the first attempt, for network errors, timeouts, 5xx and 429. Default 3. */
  maxRetries?: number;
  /** First backoff; it doubles per retry, with 50–100 % jitter. Default 500. */
  retryBaseMs?: number;
  /**
   * Longest backoff. A Retry-After longer than this makes the SDK give up on the report rather
   * than retry sooner than the server asked. Default 30000.
   */
  maxRetryDelayMs?: number;
  /**
   * The server's body limit. A report over it is sent with its context (or metadata) replaced
   * by a note, so that the report itself still arrives. Default 1048576 (the server's default).
   */
  maxBodyBytes?: number;
  /**
   * Told about every report that was not delivered and every input that had to be fixed.
   * Errors thrown (or promises rejected) by the callback are ignored.
   */
  onError?: (problem: ErrorMonitorProblem) => unknown;
  /** A fetch implementation; default: the global `fetch`, looked up at each request. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
}

export interface HeartbeatOptions {
  /** Up to 64 characters (longer is clipped). Default "alive". */
  status?: string;
  /** Up to 64 characters (longer is clipped). */
  version?: string;
  /** Sent as `metadata`. A non-object is sent as `{value: ...}`. */
  additionalData?: Record<string, unknown>;
}

export interface ErrorOptions {
  /** Sent as `context`. A non-object is sent as `{value: ...}`. */
  context?: Record<string, unknown>;
  /** Default "error". An unknown value is sent as "error" and reported to onError. */
  severity?: Severity | SeverityAlias;
}

export interface HeartbeatLoopOptions extends HeartbeatOptions {
  /** Time between heartbeats. Default 60000. */
  intervalMs?: number;
}

export interface GlobalHandlerOptions {
  /**
   * Node only. true (default): after reporting, let the process crash exactly as Node would
   * have without this SDK. false: report and keep running (your responsibility then).
   */
  exitOnUncaught?: boolean;
  /** Node only: how long a crash waits for queued reports to be delivered. Default 2000. */
  flushTimeoutMs?: number;
}

/**
 * Sends heartbeats and error reports to an Error Monitor server.
 *
 * Apart from invalid options given to the constructor or `startHeartbeat`, nothing here throws
 * and no promise rejects: failures resolve to `false` and are passed to `onError`. Reports are
 * sent one at a time, in order.
 */
export declare class ErrorMonitor {
  /**
   * @throws TypeError when `apiUrl` is not http(s), `projectToken` is not a string, or a number
   * option is not positive. An empty token does not throw: it disables the monitor.
   */
  constructor(options: ErrorMonitorOptions);

  /**
   * Report that the program is alive. Resolves true when the server accepted it (2xx), false
   * when it was rejected, given up on after retries, dropped from a full queue, or the monitor
   * is disabled.
   */
  sendHeartbeat(options?: HeartbeatOptions): Promise<boolean>;

  /**
   * Report an error: anything thrown, not only Error instances (other values get the type
   * "NonError"). Sends `name` (or the class name), `message`, and `stack` with the stacks of
   * the `cause` chain. Resolves like sendHeartbeat.
   */
  sendError(error: unknown, options?: ErrorOptions): Promise<boolean>;

  /**
   * Send a heartbeat now and every `intervalMs`; replaces a running schedule. Beats are skipped
   * while the previous one is undelivered. In Node the timer does not keep the process alive.
   * @throws TypeError when `intervalMs` is not a positive number.
   */
  startHeartbeat(options?: HeartbeatLoopOptions): void;

  /** Stop the heartbeat schedule, if any. */
  stopHeartbeat(): void;

  /**
   * Report uncaught exceptions and unhandled rejections (Node: process events; browsers: window
   * "error" and "unhandledrejection"). Returns a function that removes the handlers.
   */
  installGlobalHandlers(options?: GlobalHandlerOptions): () => void;

  /**
   * Resolves true once every queued report was delivered or given up on, false if some are
   * still pending after `timeoutMs` (default 5000). They keep being sent.
   */
  flush(timeoutMs?: number): Promise<boolean>;
}
