/** Running the crash fixture (crash.js) in a child Node process. */
import { spawn } from "node:child_process";

const CRASH = new URL("./crash.js", import.meta.url).pathname;

/**
 * Run crash.js with `scenario`; resolves with its exit code and output.
 *
 * @param {{apiUrl: string, token: string, scenario: string, nodeFlags?: string[]}} options
 * @returns {Promise<{code: number | null, stdout: string, stderr: string}>}
 */
export async function runCrash({ apiUrl, token, scenario, nodeFlags = [] }) {
  const child = spawn(process.execPath, [...nodeFlags, CRASH, apiUrl, token, scenario]);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const code = await new Promise((resolve) => child.on("close", resolve));
  return { code, stdout, stderr };
}
