/**
 * A stand-in for the `alicloud` resource plugin (`pulumi-resource-alicloud`), so that programs using
 * `@pulumi/alicloud` resources next to a `VpnConnection` (the examples do) run through the real Pulumi
 * engine on machines that cannot download the real plugin, such as this project's CI.
 *
 * It talks to no cloud. It answers the engine's check, diff, create, read, update and delete with the
 * inputs it was given: a created resource's outputs are its inputs, and its id is derived from its name.
 * That is enough for the engine to plan and apply a program and to show where our outputs flow; it says
 * nothing about the real resources. Every resource it creates carries `standIn: true` in its outputs so
 * that no one mistakes its state for a real one. It is not part of the published package.
 *
 * @packageDocumentation
 */
import { createHash } from "node:crypto";
import * as path from "node:path";
import * as provider from "@pulumi/pulumi/provider";

/** The version of `@pulumi/alicloud` the program uses, as the engine asks for it. */
function alicloudVersion(): string {
    try {
        const manifest = require.resolve("@pulumi/alicloud/package.json", { paths: [process.cwd()] });

        return (require(manifest) as { version: string }).version;
    } catch {
        return "0.0.0-stand-in";
    }
}

/** The type and name parts of a URN: `urn:pulumi:stack::project::type::name`. */
function describe(urn: string): { type: string; name: string } {
    const parts = urn.split("::");
    const type = parts[2] ?? "unknown";
    return { type: type.split("$").pop() ?? type, name: parts[3] ?? "unknown" };
}

function sameJson(a: unknown, b: unknown): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}

/** The stand-in provider: inputs in, the same values out. */
export const standInAlicloudProvider: provider.Provider = {
    version: alicloudVersion(),
    async check(_urn, _olds, news) {
        return { inputs: news };
    },
    async diff(_id, _urn, olds, news) {
        const { standIn: _drop, ...oldInputs } = (olds ?? {}) as Record<string, unknown>;
        return { changes: !sameJson(oldInputs, news) };
    },
    async create(urn, inputs) {
        const { type, name } = describe(urn);
        const id = `stand-in-${createHash("sha256").update(`${type}/${name}`).digest("hex").slice(0, 12)}`;
        return { id, outs: { ...inputs, standIn: true } };
    },
    async read(id, _urn, props) {
        return { id, props };
    },
    async update(_id, _urn, _olds, news) {
        return { outs: { ...news, standIn: true } };
    },
    async delete() {
        // Nothing exists outside the state.
    },
};

if (require.main === module || path.basename(process.argv[1] ?? "") === "alicloud-provider.js") {
    void provider.main(standInAlicloudProvider, process.argv.slice(2));
}
