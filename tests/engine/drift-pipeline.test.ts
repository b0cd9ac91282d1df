/**
 * `examples/drift-pipeline` as its nightly workflow runs it: the `run` steps of `nightly-drift.yml`,
 * read from the file and executed with bash as a runner does, with the job's environment (credentials
 * and region in variables, the stack `prod`), against the emulator and the program deployed with the
 * real CLI. In sync both checks pass; a renegotiating tunnel passes both; an IKE algorithm changed by
 * hand fails both, the refresh with exit 7 and the baseline check with exit 1 and a job summary naming
 * the drift.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { FIXTURE_IDS, FIXTURE_SECRETS, singleTunnelConnection } from "../../emulator/fixtures";
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
        emulator.updateConnection(REGION, ID, {
            Status: "ike_sa_not_established",
            VcoHealthCheck: { ...wire.VcoHealthCheck, Status: "failed" },
        });
        expect((await runStep("Refresh drift check")).code).toBe(0);
        expect((await runStep("Baseline drift check")).code).toBe(0);
    });

    suite.stage(
        "an IKE algorithm changed by hand: the refresh exits 7, the baseline check 1 with the drift in the summary",
        async () => {
            emulator.updateConnection(REGION, ID, {
                IkeConfig: { ...singleTunnelConnection().IkeConfig, IkeEncAlg: "aes" },
            });
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
});
