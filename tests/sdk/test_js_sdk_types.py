"""The JavaScript SDK's types (issue 30): `tsc` checks the sources' JSDoc types (checkJs), the
hand-written index.d.ts against the module it describes, and what TypeScript users write with
it (sdk/js/tsconfig.json, sdk/js/tests/types/). TypeScript comes from sdk/js's devDependencies
(`npm ci`, which make test runs): without it this test fails, it does not skip."""

import subprocess

from tests.sdk.test_js_sdk import SDK, require_node_and_sdk_install

TSC = SDK / "node_modules" / ".bin" / "tsc"
TSC_TIMEOUT = 300


def test_the_js_sdk_sources_and_index_d_ts_type_check() -> None:
    require_node_and_sdk_install()
    assert TSC.exists(), "sdk/js/node_modules has no typescript: run `cd sdk/js && npm ci`"
    checked = subprocess.run(
        [str(TSC), "-p", str(SDK), "--pretty", "false"],
        capture_output=True,
        text=True,
        timeout=TSC_TIMEOUT,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout[-8000:] + checked.stderr[-2000:]
