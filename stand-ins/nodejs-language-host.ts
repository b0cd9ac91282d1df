/**
 * A stand-in for Pulumi's Node.js language host, `pulumi-language-nodejs`: the plugin the Pulumi CLI starts
 * to run a program from a project folder (`pulumi preview`, `up`, `refresh --run-program`).
 *
 * Pulumi publishes that host as a Go module without version tags, and the Go module proxy this project's
 * machines use does not serve it, so the real one cannot be built here. This stand-in speaks the same
 * gRPC protocol (`LanguageRuntime` in pulumi/pulumi `proto/pulumi/language.proto`) and does what the real
 * host does for a Node.js program: on `Run` it starts `node <program>/node_modules/@pulumi/pulumi/cmd/run`
 * with the monitor and engine addresses, the project, stack, dry-run and parallelism flags, and the stack
 * config in `PULUMI_CONFIG` / `PULUMI_CONFIG_SECRET_KEYS` (pulumi/pulumi
 * `sdk/nodejs/cmd/pulumi-language-nodejs/main.go`). The program therefore runs in its own process, with
 * its own `@pulumi/pulumi`, exactly as under the real host. Everything else the engine may ask (plugins
 * to install, dependency lists, code generation) is answered as "nothing" or "unimplemented".
 *
 * It is used only when the CLI in use has no `pulumi-language-nodejs` of its own (see `engine/env.ts`).
 * It is not part of the published package.
 *
 * @packageDocumentation
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/* eslint-disable @typescript-eslint/no-explicit-any */
// The gRPC runtime and message classes of the @pulumi/pulumi this project installs: the same copies the
// generated service definitions were built with.
const pulumiRoot = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const grpc = require(
    require.resolve("@grpc/grpc-js", { paths: [pulumiRoot] }),
) as typeof import("@grpc/grpc-js");
const languageRpc = require(path.join(pulumiRoot, "proto", "language_grpc_pb.js")) as any;
const languageProto = require(path.join(pulumiRoot, "proto", "language_pb.js")) as any;
const pluginProto = require(path.join(pulumiRoot, "proto", "plugin_pb.js")) as any;
const pulumiVersion = (require(path.join(pulumiRoot, "package.json")) as { version: string }).version;

/** The exit code `@pulumi/pulumi/cmd/run` uses after it has reported the error to the engine itself. */
const ERROR_ALREADY_REPORTED = 32;

type Callback = (error: null, response?: unknown) => void;
type Call = { request: any };

/** The runtime options of `Pulumi.yaml` (`runtime.options`) that change how the program is started. */
function runtimeOptions(info: any): { typescript: boolean; tsconfig?: string; nodeargs?: string } {
    const options = (info?.getOptions?.()?.toJavaScript?.() ?? {}) as Record<string, unknown>;
    return {
        // As in the real host, TypeScript is on unless the project turns it off.
        typescript: options.typescript !== false,
        tsconfig: typeof options.tsconfig === "string" ? options.tsconfig : undefined,
        nodeargs: typeof options.nodeargs === "string" ? options.nodeargs : undefined,
    };
}

/** Finds `@pulumi/pulumi/cmd/run` as the program itself would resolve it. */
function locateRunScript(programDirectory: string): string {
    return require.resolve("@pulumi/pulumi/cmd/run", { paths: [programDirectory] });
}

function run(engineAddress: string, call: Call, callback: Callback): void {
    const req = call.request;
    const info = req.getInfo();
    const programDirectory: string = info?.getProgramDirectory() || req.getPwd() || process.cwd();
    const entryPoint: string = info?.getEntryPoint() || req.getProgram() || ".";
    const options = runtimeOptions(info);
    let runScript: string;
    try {
        runScript = locateRunScript(programDirectory);
    } catch {
        const response = new languageProto.RunResponse();
        response.setError(
            `It looks like the Pulumi SDK has not been installed in ${programDirectory}: run npm install there`,
        );
        callback(null, response);
        return;
    }
    const args: string[] = [];
    if (options.nodeargs) args.push(...options.nodeargs.split(/\s+/).filter((a) => a !== ""));
    args.push(runScript);
    const flag = (name: string, value: string | number | undefined): void => {
        if (value !== undefined && value !== "" && value !== 0) args.push(`--${name}`, String(value));
    };
    flag("monitor", req.getMonitorAddress());
    flag("engine", engineAddress);
    flag("organization", req.getOrganization());
    flag("project", req.getProject());
    flag("stack", req.getStack());
    flag("pwd", req.getPwd());
    flag("root-directory", info?.getRootDirectory());
    if (req.getDryrun()) args.push("--dry-run");
    flag("parallel", req.getParallel());
    args.push(entryPoint, ...req.getArgsList());

    const config: Record<string, string> = {};
    for (const [key, value] of req.getConfigMap().entries() as Iterable<[string, string]>) {
        config[key] = value;
    }
    const env: NodeJS.ProcessEnv = {
        ...process.env,
        PULUMI_CONFIG: JSON.stringify(config),
        PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(req.getConfigsecretkeysList()),
        PULUMI_NODEJS_TYPESCRIPT: String(options.typescript),
    };
    if (options.tsconfig !== undefined) env.PULUMI_NODEJS_TSCONFIG_PATH = options.tsconfig;

    // The program's output goes where the real host sends it: to this plugin's stdout and stderr, which
    // the engine shows.
    const child = spawn(process.execPath, args, {
        cwd: req.getPwd() || programDirectory,
        env,
        stdio: "inherit",
    });
    child.on("error", (e) => {
        const response = new languageProto.RunResponse();
        response.setError(`Problem executing program (could not run language executor): ${e.message}`);
        callback(null, response);
    });
    child.on("exit", (code, signal) => {
        const response = new languageProto.RunResponse();
        if (code === ERROR_ALREADY_REPORTED) response.setBail(true);
        else if (code !== 0) {
            response.setError(
                signal !== null
                    ? `Program exited unexpectedly: ${signal}`
                    : `Program exited with non-zero exit code: ${String(code)}`,
            );
        }
        callback(null, response);
    });
}

function main(argv: string[]): void {
    // The engine passes flags (tracing, logging) first and its own address last.
    const positional = argv.filter((a) => !a.startsWith("-"));
    const engineAddress = positional[positional.length - 1] ?? "";
    const server = new grpc.Server({
        "grpc.max_receive_message_length": 400 * 1024 * 1024,
    });
    const ok = (make: () => unknown) => (_call: Call, callback: Callback) => callback(null, make());
    const handlers: Record<string, unknown> = {
        handshake: ok(() => new languageProto.LanguageHandshakeResponse()),
        getPluginInfo: ok(() => {
            const info = new pluginProto.PluginInfo();
            info.setVersion(pulumiVersion);
            return info;
        }),
        // The engine installs nothing ahead of time: providers are loaded when the program registers
        // its first resource of each package (from $PATH here: no plugin can be downloaded).
        getRequiredPlugins: ok(() => new languageProto.GetRequiredPluginsResponse()),
        getRequiredPackages: ok(() => new languageProto.GetRequiredPackagesResponse()),
        getProgramDependencies: ok(() => new languageProto.GetProgramDependenciesResponse()),
        runtimeOptionsPrompts: ok(() => new languageProto.RuntimeOptionsResponse()),
        about: ok(() => {
            const about = new languageProto.AboutResponse();
            about.setExecutable(process.execPath);
            about.setVersion(process.version);
            return about;
        }),
        installDependencies: (call: { end(): void }) => call.end(),
        run: (call: Call, callback: Callback) => run(engineAddress, call, callback),
    };
    server.addService(
        languageRpc.LanguageRuntimeService,
        handlers as import("@grpc/grpc-js").UntypedServiceImplementation,
    );
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
        if (error) {
            process.stderr.write(`pulumi-language-nodejs (stand-in): could not listen: ${error.message}\n`);
            process.exit(1);
        }
        // The engine reads the port from the first line of stdout.
        process.stdout.write(`${port}\n`);
    });
}

if (fs.realpathSync(process.argv[1] ?? "") === fs.realpathSync(__filename)) main(process.argv.slice(2));
