/**
 * Makes every test file hermetic: no credential, region or endpoint from the machine's environment or
 * home directory leaks in, and the credential chain never asks the ECS metadata service (an address
 * outside this machine) for a role.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Where the real `os.homedir` is kept on the patched one (below), for the next test file of the worker. */
const ORIGINAL_HOMEDIR = Symbol.for("pulumi-alicloud-vpn.tests.originalHomedir");
type HomedirFunction = (() => string) & { [ORIGINAL_HOMEDIR]?: () => string };
// Node's built-in modules are shared by every test file a Jest worker runs, so an earlier file may
// already have patched os.homedir: take the original from it.
const os = require("node:os") as { homedir: HomedirFunction };
const originalHomedir = os.homedir[ORIGINAL_HOMEDIR] ?? os.homedir;

for (const key of Object.keys(process.env)) {
    if (key.startsWith("ALIBABA_CLOUD_") || key.startsWith("ALICLOUD_")) delete process.env[key];
}
process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = "true";

// The Pulumi CLI built by scripts/pulumi-cli.sh, and Go's caches it builds from, live under the real
// home: keep finding them there once HOME points at an empty folder (else every suite would rebuild).
// The original reads the process's real HOME: Jest gives each file a copy of process.env to change.
const realHome = originalHomedir();
process.env.PULUMI_CLI_CACHE ??= join(
    process.env.XDG_CACHE_HOME ?? join(realHome, ".cache"),
    "pulumi-alicloud-vpn",
);
process.env.GOPATH ??= join(realHome, "go");
process.env.GOCACHE ??= join(process.env.XDG_CACHE_HOME ?? join(realHome, ".cache"), "go-build");

process.env.HOME = mkdtempSync(join(tmpdir(), "alicloud-vpn-home-"));

// Under Jest, process.env is a per-file copy: make os.homedir() (which the credential library uses to
// find ~/.aliyun and ~/.alibabacloud) follow the HOME set here, not the machine's.
os.homedir = Object.assign(() => process.env.HOME ?? "", { [ORIGINAL_HOMEDIR]: originalHomedir });
