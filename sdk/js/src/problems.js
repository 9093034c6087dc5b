/**
 * Why a report was not delivered (or was changed to be deliverable), as handed to `onError`.
 * The SDK never throws these: it passes them to the user's callback and carries on.
 */
export class ErrorMonitorProblem extends Error {
  /** @type {"ErrorMonitorProblem"} */
  name = "ErrorMonitorProblem";

  /**
   * @param {string} message
   * @param {object} details
   * @param {import("../index.js").ProblemReason} details.reason
   * @param {string} [details.path] the API path the report was for, e.g. "/log"
   * @param {number} [details.status] the HTTP status of the last answer, when there was one
   * @param {number} [details.attempts] how many requests were made for the report
   * @param {unknown} [details.cause]
   */
  constructor(message, { reason, path, status, attempts, cause }) {
    super(message, cause === undefined ? undefined : { cause });
    this.reason = reason;
    this.path = path;
    this.status = status;
    this.attempts = attempts;
  }
}

/**
 * Call the user's `onError` without letting it hurt us: a throwing or rejecting callback is
 * ignored, because the host program must never see an exception that came from monitoring.
 *
 * @param {((problem: ErrorMonitorProblem) => unknown) | undefined} onError
 * @param {ErrorMonitorProblem} problem
 */
export function tellUser(onError, problem) {
  if (typeof onError !== "function") return;
  try {
    const result = /** @type {any} */ (onError(problem));
    if (result && typeof result.then === "function") result.then(undefined, () => {});
  } catch {
    // Deliberately ignored: see above.
  }
}
