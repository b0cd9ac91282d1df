/**
 * Makes every test file hermetic: no credential, region or endpoint from the machine's environment or
 * home directory leaks in, and the credential chain never asks the ECS metadata service (an address
 * outside this machine) for a role.
 */
import { mkdtempSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";

for (const key of Object.keys(process.env)) {
    if (key.startsWith("ALIBABA_CLOUD_") || key.startsWith("ALICLOUD_")) delete process.env[key];
}
process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = "true";

// The Pulumi CLI built by scripts/pulumi-cli.sh, and Go's caches it builds from, live under the real
// home: keep finding them there once HOME points at an empty folder (else every suite would rebuild).
const realHome = homedir();
process.env.PULUMI_CLI_CACHE ??= join(
    process.env.XDG_CACHE_HOME ?? join(realHome, ".cache"),
    "pulumi-alicloud-vpn",
);
process.env.GOPATH ??= join(realHome, "go");
process.env.GOCACHE ??= join(process.env.XDG_CACHE_HOME ?? join(realHome, ".cache"), "go-build");

process.env.HOME = mkdtempSync(join(tmpdir(), "alicloud-vpn-home-"));

// Under Jest, process.env is a per-file copy: make os.homedir() (which the credential library uses to
// find ~/.aliyun and ~/.alibabacloud) follow the HOME set here, not the machine's.
const os = require("node:os") as { homedir: () => string };
os.homedir = () => process.env.HOME ?? "";
