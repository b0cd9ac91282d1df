/**
 * `examples/drift-pipeline` as its nightly workflow runs it: the `run` steps of `nightly-drift.yml`,
 * read from the file and executed with bash as a runner does, with the job's environment (credentials
 * and region in variables, the stack `prod`), against the emulator and the program deployed with the
 * real CLI. In sync both checks pass; a renegotiating tunnel passes both; an IKE algorithm changed by
 * hand fails both, the refresh with exit 7 and the baseline check with exit 1 and a job summary naming
 * the drift. The connection is changed as another pipeline step would change it: with curl, through the
 * emulator's admin interface, not in process.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { FIXTURE_IDS, FIXTURE_SECRETS, singleTunnelConnection } from "../../emulator/fixtures";
import { WEAK_FIXTURE_ID, weakConnection } from "../../emulator/fixtures";
import type { SarifLog } from "../../cli/sarif";
import { sarifErrors } from "../support/sarif";
import { DEFAULT_TEST_CREDENTIALS, type VpcEmulator } from "../../emulator/server";
import type { LocalStack } from "../../engine/stack";
import { engineSuite, expectExit, nodeModulesWithCommands } from "../support/engine";
import { ROOT, type Run, runCommand } from "../support/process";

const EXAMPLE = path.join(ROOT, "examples", "drift-pipeline");
const REGION = "cn-hangzhou";
const ID = FIXTURE_IDS.singleTunnel;

interface Workflow {
    jobs: {
        drift: {
            env: Record<string, string>;
            steps: { name?: string; run?: string }[];
        };
    };
}

const workflow = parse(fs.readFileSync(path.join(EXAMPLE, "nightly-drift.yml"), "utf8")) as Workflow;

/** The script of the step named `name`. */
function step(name: string): string {
    const found = workflow.jobs.drift.steps.find((s) => s.name === name)?.run;
    if (found === undefined) throw new Error(`nightly-drift.yml has no run step named "${name}"`);
    return found;
}

/** The job's environment, its secrets replaced by the emulator's test credentials. */
function jobEnv(): Record<string, string> {
    const secrets: Record<string, string> = {
        ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_TEST_CREDENTIALS.accessKeyId,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_TEST_CREDENTIALS.accessKeySecret,
        PULUMI_ACCESS_TOKEN: "unused-by-the-local-backend",
    };
    return Object.fromEntries(
        Object.entries(workflow.jobs.drift.env).map(([name, value]) => [
            name,
            value.replace(/\$\{\{\s*secrets\.(\w+)\s*\}\}/g, (_, secret: string) => {
                const v = secrets[secret];
                if (v === undefined) throw new Error(`no test value for the workflow secret ${secret}`);
                return v;
            }),
        ]),
    );
}

/** A step as the job runner sees it: its id, condition, and script or action. */
interface JobStep {
    name?: string;
    id?: string;
    if?: string;
    run?: string;
    uses?: string;
    with?: Record<string, string>;
}

/** What a step came to, as `steps.<id>.outcome` reports it. */
type Outcome = "success" | "failure" | "skipped";

/**
 * Evaluates a step's `if:` as GitHub Actions does, for the expressions a workflow of ours uses: the
 * status functions `success()`, `failure()`, `always()`, `cancelled()`, `steps.<id>.outcome`, string
 * literals, `==`, `!=`, `!`, `&&`, `||` and parentheses, inside `${{ }}` or not. Without a status
 * function the condition is ANDed with `success()`, as the runner does.
 */
function stepCondition(expression: string | undefined, outcomes: ReadonlyMap<string, Outcome>): boolean {
    const failed = [...outcomes.values()].includes("failure");
    const source = (expression ?? "success()").trim().replace(/^\$\{\{([\s\S]*)\}\}$/, "$1");
    const tokens =
        source.match(/\s*(&&|\|\||==|!=|!|\(|\)|'[^']*'|[A-Za-z_][\w.-]*\(\)|[A-Za-z_][\w.-]*)/g) ?? [];
    let i = 0;
    const next = (): string => (tokens[i++] ?? "").trim();
    const peek = (): string => (tokens[i] ?? "").trim();
    const primary = (): unknown => {
        const t = next();
        if (t === "!") return !primary();
        if (t === "(") {
            const v = or();
            if (next() !== ")") throw new Error(`unbalanced ( in ${source}`);
            return v;
        }
        if (t === "success()") return !failed;
        if (t === "failure()") return failed;
        if (t === "always()") return true;
        if (t === "cancelled()") return false;
        if (t.startsWith("'")) return t.slice(1, -1);
        const step = /^steps\.([\w-]+)\.outcome$/.exec(t);
        if (step) return outcomes.get(step[1]!) ?? "";
        throw new Error(`the test's expression evaluator does not know ${t} (in ${source})`);
    };
    const comparison = (): unknown => {
        const left = primary();
        if (peek() === "==" || peek() === "!=") {
            const op = next();
            const right = primary();
            return op === "==" ? left === right : left !== right;
        }
        return left;
    };
    const and = (): unknown => {
        let v = comparison();
        while (peek() === "&&") {
            next();
            const r = comparison();
            v = Boolean(v) && Boolean(r);
        }
        return v;
    };
    const or = (): unknown => {
        let v = and();
        while (peek() === "||") {
            next();
            const r = and();
            v = Boolean(v) || Boolean(r);
        }
        return v;
    };
    const value = Boolean(or());
    if (i !== tokens.length) throw new Error(`could not read the condition ${source}`);
    const hasStatus = /\b(success|failure|always|cancelled)\(\)/.test(source);
    return hasStatus ? value : value && !failed;
}

describe("examples/drift-pipeline: the nightly workflow's commands", () => {
    const suite = engineSuite();
    let emulator: VpcEmulator;
    let stack: LocalStack;
    let nodeModules: string;
    let summary: string;

    /** Runs a step's script as a runner does (`bash -e`), in the program's folder, with the job's environment. */
    function runStep(name: string): Promise<Run> {
        fs.writeFileSync(summary, "");
        return runCommand("bash", ["--noprofile", "--norc", "-e", "-c", step(name)], {
            cwd: stack.projectDir,
            env: { ...stack.env, GITHUB_STEP_SUMMARY: summary },
        });
    }

    /**
     * Merges `patch` into the connection with curl against the emulator's admin interface, as a step of a
     * pipeline in any language would.
     */
    async function patchConnection(patch: object): Promise<void> {
        const script =
            'curl -sS --fail-with-body --max-time 30 -X PATCH -H "Authorization: Bearer $EMULATOR_ADMIN_TOKEN" ' +
            '-H "content-type: application/json" --data "$PATCH" "$EMULATOR_ADMIN_URL/connections/$REGION/$ID"';
        const r = await runCommand("bash", ["--noprofile", "--norc", "-e", "-c", script], {
            env: {
                PATH: process.env.PATH,
                EMULATOR_ADMIN_URL: emulator.adminUrl,
                EMULATOR_ADMIN_TOKEN: emulator.adminToken,
                PATCH: JSON.stringify(patch),
                REGION,
                ID,
            },
        });
        if (r.code !== 0) {
            const hint =
                r.code === 127
                    ? " (this suite needs curl on PATH: install it, e.g. apt-get install curl)"
                    : "";
            throw new Error(failWith(`curl against the admin interface${hint}`, r));
        }
    }

    const failWith = (what: string, r: Run) =>
        `${what} exited ${String(r.code)}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

    beforeAll(async () => {
        emulator = suite.emulator;
        nodeModules = nodeModulesWithCommands();
        summary = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "alicloud-vpn-summary-")), "summary.md");
        const env = jobEnv();
        stack = await suite.stack(EXAMPLE, {
            stack: env.PULUMI_STACK,
            nodeModules,
            env,
            emulatorConfig: false,
        });
        // The stack the workflow checks was deployed earlier.
        expectExit(await stack.run(["up", "--yes", "--skip-preview"]), 0);
    });
    afterAll(async () => {
        if (nodeModules) fs.rmSync(nodeModules, { recursive: true, force: true });
        if (summary) fs.rmSync(path.dirname(summary), { recursive: true, force: true });
    });

    suite.stage(
        "reads the credentials and region from the job's environment, as the workflow sets them",
        () => {
            expect(jobEnv()).toMatchObject({ ALIBABA_CLOUD_REGION_ID: REGION, PULUMI_STACK: "prod" });
            expect(stack.stack).toBe("prod");
        },
    );

    suite.stage("in sync: both checks exit 0, and the job summary says so", async () => {
        const refresh = await runStep("Refresh drift check");
        if (refresh.code !== 0) throw new Error(failWith("the refresh step", refresh));
        const baseline = await runStep("Baseline drift check");
        if (baseline.code !== 0) throw new Error(failWith("the baseline step", baseline));
        expect(fs.readFileSync(summary, "utf8")).toMatch(/in sync/i);
    });

    suite.stage("a renegotiating tunnel: both checks still exit 0", async () => {
        const wire = singleTunnelConnection();
        await patchConnection({
            Status: "ike_sa_not_established",
            VcoHealthCheck: { ...wire.VcoHealthCheck, Status: "failed" },
        });
        expect((await runStep("Refresh drift check")).code).toBe(0);
        expect((await runStep("Baseline drift check")).code).toBe(0);
    });

    suite.stage(
        "an IKE algorithm changed by hand: the refresh exits 7, the baseline check 1 with the drift in the summary",
        async () => {
            await patchConnection({
                IkeConfig: { ...singleTunnelConnection().IkeConfig, IkeEncAlg: "aes" },
            });
            expect(emulator.getConnection(REGION, ID)?.IkeConfig?.IkeEncAlg).toBe("aes");
            const refresh = await runStep("Refresh drift check");
            expect(refresh.code).toBe(7);
            expect(refresh.stdout).toMatch(/ikeEncAlg\s*: "aes256" => "aes"/);
            const baseline = await runStep("Baseline drift check");
            expect(baseline.code).toBe(1);
            const report = fs.readFileSync(summary, "utf8");
            expect(report).toContain("ikeConfig.ikeEncAlg");
            expect(report).toContain("aes256");
            for (const text of [refresh.stdout, refresh.stderr, baseline.stdout, baseline.stderr, report]) {
                expect(text).not.toContain(FIXTURE_SECRETS.singleTunnelPsk);
                expect(text).not.toContain(DEFAULT_TEST_CREDENTIALS.accessKeySecret);
            }
        },
    );
    describe("the whole job, its step conditions and the SARIF upload", () => {
        const steps = (): JobStep[] => (workflow.jobs.drift.steps as JobStep[]).map((s) => ({ ...s }));

        /**
         * Runs the job as a runner does: each step's `if:` decides whether it runs; `run` steps run with
         * bash, `npm ci` excepted (the test prepared the modules); `uses` steps succeed, except
         * upload-sarif, which here checks that each SARIF file it would upload validates. `install`
         * sets the install step's outcome.
         */
        async function runJob(install: Outcome = "success"): Promise<{
            outcomes: Map<string, Outcome>;
            runs: Map<string, Run>;
            uploaded: Map<string, SarifLog>;
        }> {
            const outcomes = new Map<string, Outcome>();
            const runs = new Map<string, Run>();
            const uploaded = new Map<string, SarifLog>();
            fs.writeFileSync(summary, "");
            const byName = new Map<string, Outcome>();
            for (const s of steps()) {
                const key = s.id ?? s.name ?? s.uses ?? "";
                let outcome: Outcome;
                if (!stepCondition(s.if, byName)) outcome = "skipped";
                else if (s.run?.trim() === "npm ci") outcome = install;
                else if (s.run !== undefined) {
                    const r = await runCommand("bash", ["--noprofile", "--norc", "-e", "-c", s.run], {
                        cwd: stack.projectDir,
                        env: { ...stack.env, GITHUB_STEP_SUMMARY: summary },
                    });
                    runs.set(key, r);
                    outcome = r.code === 0 ? "success" : "failure";
                } else if (s.uses?.startsWith("github/codeql-action/upload-sarif@")) {
                    const dir = path.join(stack.projectDir, s.with?.sarif_file ?? "");
                    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith(".sarif"))) {
                        const log = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as SarifLog;
                        expect(sarifErrors(log)).toEqual([]);
                        uploaded.set(f, log);
                    }
                    outcome = "success";
                } else outcome = "success";
                outcomes.set(key, outcome);
                if (s.id !== undefined) byName.set(s.id, outcome);
                else byName.set(`#${byName.size}`, outcome);
            }
            return { outcomes, runs, uploaded };
        }

        it("asks for security-events: write and uploads the folder the SARIF step writes, with upload-sarif", () => {
            const w = workflow as unknown as { permissions?: Record<string, string> };
            expect(w.permissions?.["security-events"]).toBe("write");
            const upload = steps().find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@"));
            expect(upload?.with?.sarif_file).toBe("sarif");
            expect(step("SARIF reports")).toContain("sarif/vpn-drift.sarif");
            expect(step("SARIF reports")).toContain("sarif/vpn-audit.sarif");
        });

        suite.stage(
            "a refresh that exits 7 no longer skips the baseline report, the audit or the upload",
            async () => {
                // The IKE algorithm changed by hand above is still there.
                const job = await runJob();
                expect(job.runs.get("refresh")?.code).toBe(7);
                expect(job.outcomes.get("baseline")).toBe("failure");
                expect(job.runs.get("baseline")?.code).toBe(1);
                // The fixtures of the region have no finding of high severity: the audit passes.
                expect(job.outcomes.get("audit")).toBe("success");
                expect(job.outcomes.get("sarif")).toBe("success");
                const report = fs.readFileSync(summary, "utf8");
                expect(report).toContain("## VPN connection drift: drift found");
                expect(report).toContain("## VPN crypto posture: passed");
                const drift = job.uploaded.get("vpn-drift.sarif")!.runs[0]!.results;
                expect(drift.map((r) => [r.ruleId, r.properties.path])).toContainEqual([
                    "drift/changed-value",
                    "ikeConfig.ikeEncAlg",
                ]);
                const line = drift[0]!.locations[0]!.physicalLocation!;
                expect(line.artifactLocation.uri).toMatch(/vpn-(baseline|expect)\.json$/);
                expect(job.uploaded.has("vpn-audit.sarif")).toBe(true);
            },
        );

        suite.stage(
            "a weak connection fails the audit; the next night's run gives the same fingerprints",
            async () => {
                emulator.putConnection(REGION, weakConnection());
                const first = await runJob();
                expect(first.runs.get("audit")?.code).toBe(1);
                expect(first.outcomes.get("sarif")).toBe("success");
                expect(fs.readFileSync(summary, "utf8")).toContain("## VPN crypto posture: failed");
                const audit = first.uploaded.get("vpn-audit.sarif")!;
                const weak = audit.runs[0]!.results.filter(
                    (r) => r.properties.vpnConnectionId === WEAK_FIXTURE_ID,
                );
                expect(new Set(weak.map((r) => r.ruleId)).size).toBe(9);
                expect(weak.find((r) => r.ruleId === "posture/weak-encryption")?.level).toBe("error");
                expect(weak[0]!.locations[0]!.physicalLocation!.artifactLocation.uri).toBe("vpn-policy.json");

                const second = await runJob();
                const prints = (log: SarifLog | undefined) =>
                    log!.runs[0]!.results.map((r) => JSON.stringify(r.partialFingerprints));
                expect(prints(second.uploaded.get("vpn-audit.sarif"))).toEqual(prints(audit));
                expect(prints(second.uploaded.get("vpn-drift.sarif"))).toEqual(
                    prints(first.uploaded.get("vpn-drift.sarif")),
                );
                for (const r of [...first.runs.values(), ...second.runs.values()]) {
                    expect(r.stdout).not.toContain(FIXTURE_SECRETS.weakPsk);
                    expect(r.stderr).not.toContain(FIXTURE_SECRETS.weakPsk);
                }
                for (const log of [...first.uploaded.values()]) {
                    expect(JSON.stringify(log)).not.toContain(FIXTURE_SECRETS.weakPsk);
                }
                emulator.deleteConnection(REGION, WEAK_FIXTURE_ID);
            },
        );

        suite.stage("runs no check when the install failed", async () => {
            const job = await runJob("failure");
            for (const id of ["refresh", "baseline", "audit", "sarif"]) {
                expect(job.outcomes.get(id)).toBe("skipped");
            }
            expect(job.runs.size).toBe(0);
            expect(job.uploaded.size).toBe(0);
        });

        it("evaluates step conditions as the runner does", () => {
            const after = (o: Record<string, Outcome>) => new Map(Object.entries(o));
            expect(stepCondition(undefined, after({ refresh: "failure" }))).toBe(false);
            expect(
                stepCondition(
                    "${{ !cancelled() && steps.install.outcome == 'success' }}",
                    after({ install: "success", refresh: "failure" }),
                ),
            ).toBe(true);
            expect(
                stepCondition(
                    "steps.install.outcome == 'success'",
                    after({ install: "success", refresh: "failure" }),
                ),
            ).toBe(false);
            expect(stepCondition("${{ always() }}", after({ install: "failure" }))).toBe(true);
        });
    });
});
