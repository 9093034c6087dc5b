// A program that fails in the way named by argv[4], with the SDK's global handlers installed.
// Usage: node crash.js <apiUrl> <token> <scenario>
import { ErrorMonitor } from "../../src/index.js";

const [apiUrl, projectToken, scenario] = process.argv.slice(2);
// A problem printed here makes the tests fail: the report did not get through.
const onError = (/** @type {Error} */ problem) => {
  console.error(`error-monitor problem: ${problem.message}`);
};
const monitor = new ErrorMonitor({ apiUrl, projectToken, maxRetries: 0, onError });

const scenarios = {
  uncaught() {
    monitor.installGlobalHandlers();
    setTimeout(() => {
      throw new Error("crash from the fixture");
    }, 10);
  },
  "uncaught-keep-running"() {
    monitor.installGlobalHandlers({ exitOnUncaught: false });
    setTimeout(() => {
      throw new Error("crash from the fixture");
    }, 10);
    setTimeout(() => console.log("still running"), 500);
  },
  "uncaught-with-own-listener"() {
    monitor.installGlobalHandlers();
    process.on("uncaughtException", () => console.log("the program's own listener ran"));
    setTimeout(() => {
      throw new Error("crash from the fixture");
    }, 10);
    setTimeout(() => console.log("still running"), 500);
  },
  rejection() {
    monitor.installGlobalHandlers();
    Promise.reject(new TypeError("rejected in the fixture"));
  },
  "rejection-with-a-string"() {
    monitor.installGlobalHandlers();
    Promise.reject("a plain reason");
  },
};

scenarios[/** @type {keyof typeof scenarios} */ (scenario)]();
