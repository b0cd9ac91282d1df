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
import { DEFAULT_TEST_CREDENTIALS, VpcEmulator } from "../../emulator/server";
import { LocalStack } from "../../engine/stack";
import { ENGINE_TIMEOUT_MS, emulatorEnv, expectExit, nodeModulesWithCommands } from "../support/engine";
import { ROOT, type Run, runCommand } from "../support/process";

jest.setTimeout(ENGINE_TIMEOUT_MS);

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
        emulator = await VpcEmulator.start();
        nodeModules = nodeModulesWithCommands();
        summary = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "alicloud-vpn-summary-")), "summary.md");
        const env = jobEnv();
        stack = await LocalStack.create({
            programDir: EXAMPLE,
            stack: env.PULUMI_STACK,
            nodeModules,
            env: { ...emulatorEnv(emulator), ...env },
        });
        // The stack the workflow checks was deployed earlier.
        expectExit(await stack.run(["up", "--yes", "--skip-preview"]), 0);
    });
    afterAll(async () => {
        stack?.dispose();
        if (nodeModules) fs.rmSync(nodeModules, { recursive: true, force: true });
        if (summary) fs.rmSync(path.dirname(summary), { recursive: true, force: true });
        await emulator?.stop();
    });

    it("reads the credentials and region from the job's environment, as the workflow sets them", () => {
        expect(jobEnv()).toMatchObject({ ALIBABA_CLOUD_REGION_ID: REGION, PULUMI_STACK: "prod" });
        expect(stack.stack).toBe("prod");
    });

    it("in sync: both checks exit 0, and the job summary says so", async () => {
        const refresh = await runStep("Refresh drift check");
        if (refresh.code !== 0) throw new Error(failWith("the refresh step", refresh));
        const baseline = await runStep("Baseline drift check");
        if (baseline.code !== 0) throw new Error(failWith("the baseline step", baseline));
        expect(fs.readFileSync(summary, "utf8")).toMatch(/in sync/i);
    });

    it("a renegotiating tunnel: both checks still exit 0", async () => {
        const wire = singleTunnelConnection();
        await patchConnection({
            Status: "ike_sa_not_established",
            VcoHealthCheck: { ...wire.VcoHealthCheck, Status: "failed" },
        });
        expect((await runStep("Refresh drift check")).code).toBe(0);
        expect((await runStep("Baseline drift check")).code).toBe(0);
    });

    it("an IKE algorithm changed by hand: the refresh exits 7, the baseline check 1 with the drift in the summary", async () => {
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
    });
});
