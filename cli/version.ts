/**
 * The version of this package, as `--version`, reports and baselines give it.
 *
 * @packageDocumentation
 */
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The version of this package, from its `package.json` (found from the running file upwards, so it
 * works from the sources and from `dist/`).
 *
 * @returns the version, or `unknown`.
 */
export function packageVersion(): string {
    for (let dir = __dirname; ; dir = path.dirname(dir)) {
        try {
            const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
                name?: string;
                version?: string;
            };
            if (pkg.name === "pulumi-alicloud-vpn" && typeof pkg.version === "string") return pkg.version;
        } catch {
            // not here: look further up
        }
        if (path.dirname(dir) === dir) return "unknown";
    }
}
