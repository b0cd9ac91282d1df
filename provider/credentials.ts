/**
 * Credentials, resolved at call time and never kept anywhere a serialized provider could capture
 * them. The order follows the aliyun CLI, `@alicloud/credentials` and Terraform's alicloud
 * provider: explicit settings (the provider passes the stack config `alicloud:*`), the standard
 * environment variables, the legacy ones, a named profile, then the rest of the standard chain (OIDC/RRSA,
 * CLI profile file, shared credentials file, ECS RAM role, credentials URI) through `@alicloud/credentials`.
 *
 * @packageDocumentation
 */
import type * as CredentialsLibrary from "@alicloud/credentials";
import { silenceLibraryDebug } from "./debug";
import { VpcCredentialsNotFoundError, VpcInvalidInputError } from "./errors";
import { redactLibraryFailure } from "./redact";
import { VALIDATORS } from "./validate";

let credentialsLibrary: typeof CredentialsLibrary | undefined;

/**
 * `@alicloud/credentials`, loaded when a link of the chain first needs it, so that reads with
 * credentials from the stack config or the environment (every pipeline's case) never pay for loading
 * it: about 35 ms of every provider host's cold start.
 */
function library(): typeof CredentialsLibrary {
    // Its STS and metadata links fetch through httpx, whose `DEBUG=httpx:*` lines print the answers.
    if (credentialsLibrary === undefined) silenceLibraryDebug();
    credentialsLibrary ??= require("@alicloud/credentials") as typeof CredentialsLibrary;
    return credentialsLibrary;
}

/** Credential settings given explicitly, e.g. from the stack config. Each may be absent. */
export interface CredentialSettings {
    /** `alicloud:accessKey`. */
    accessKeyId?: string;
    /** `alicloud:secretKey`. */
    accessKeySecret?: string;
    /** `alicloud:securityToken`, for STS credentials. */
    securityToken?: string;
    /** `alicloud:profile`: a profile of `~/.aliyun/config.json` or `~/.alibabacloud/credentials`. */
    profile?: string;
}

/** Credentials ready to sign with. Hold them only for the duration of a call. */
export interface ResolvedCredentials {
    /** The access key id. */
    accessKeyId: string;
    /** The access key secret. Never log or serialize it. */
    accessKeySecret: string;
    /** The STS security token, for temporary credentials. Never log or serialize it. */
    securityToken?: string;
    /** Where the credentials came from, for diagnostics (names a source, never a value). */
    source: string;
}

/** A source the chain can read credentials from. */
export interface CredentialSource {
    /** The source's name as the "not found" error lists it. */
    name: string;
    /**
     * Returns credentials, or `{ missing: reason }` to pass to the next source. Throws
     * only when the source is present but broken (e.g. half a key pair).
     */
    load(): Promise<ResolvedCredentials | { missing: string }>;
}

function pair(
    name: string,
    idKey: string,
    secretKey: string,
    tokenKey: string,
    values: Record<string, string | undefined>,
): CredentialSource {
    return {
        name,
        async load() {
            const id = values[idKey] || undefined;
            const secret = values[secretKey] || undefined;
            const token = values[tokenKey] || undefined;
            if (id === undefined && secret === undefined) return { missing: "not set" };
            if (id === undefined || secret === undefined) {
                throw new VpcInvalidInputError(
                    id === undefined ? idKey : secretKey,
                    `${id === undefined ? idKey : secretKey} is missing while ${id === undefined ? secretKey : idKey} is set; give both or neither`,
                );
            }
            return {
                accessKeyId: VALIDATORS.accessKeyId(id, idKey),
                accessKeySecret: secret,
                securityToken: token,
                source: name,
            };
        },
    };
}

interface LibraryProvider {
    getCredentials(): Promise<{ accessKeyId?: string; accessKeySecret?: string; securityToken?: string }>;
}

function fromLibrary(name: string, make: () => LibraryProvider, known: () => string[]): CredentialSource {
    return {
        name,
        async load() {
            let provider: LibraryProvider;
            try {
                provider = make();
            } catch (e) {
                return { missing: redactLibraryFailure(e, known()) };
            }
            try {
                const c = await provider.getCredentials();
                if (!c.accessKeyId || !c.accessKeySecret) return { missing: "returned no access key" };
                return {
                    accessKeyId: c.accessKeyId,
                    accessKeySecret: c.accessKeySecret,
                    securityToken: c.securityToken || undefined,
                    source: name,
                };
            } catch (e) {
                return { missing: redactLibraryFailure(e, known()) };
            }
        },
    };
}

// Providers that refresh STS credentials (OIDC, ECS RAM role, credentials URI) keep them until they
// expire, so a provider that has worked once is kept per process and environment. It lives in this
// module's state, which is never serialized (the serialized provider only holds a module path).
const workingProviders = new Map<string, LibraryProvider>();
function cached(name: string, env: NodeJS.ProcessEnv, make: () => LibraryProvider): LibraryProvider {
    const key = `${name}\n${Object.keys(env)
        .filter((k) => k.startsWith("ALIBABA_CLOUD_"))
        .sort()
        .map((k) => `${k}=${env[k] ?? ""}`)
        .join("\n")}`;
    const existing = workingProviders.get(key);
    if (existing) return existing;
    const provider = make();
    return {
        async getCredentials() {
            const c = await provider.getCredentials();
            workingProviders.set(key, provider);
            return c;
        },
    };
}

/**
 * The links of `@alicloud/credentials`' default chain after the environment, in its order, composed
 * here from the library's own providers rather than through `DefaultCredentialsProvider`, which after
 * one failure keeps answering with its last link's error, and which asks a credentials URI even when
 * none is set (a DNS query for the host "undefined").
 */
function standardChain(env: NodeJS.ProcessEnv, known: () => string[]): CredentialSource[] {
    const links: CredentialSource[] = [
        fromLibrary(
            "OIDC/RRSA (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE)",
            () => cached("oidc", env, () => library().OIDCRoleArnCredentialsProvider.builder().build()),
            known,
        ),
        fromLibrary(
            "the current profile of ~/.aliyun/config.json",
            () => library().CLIProfileCredentialsProvider.builder().build(),
            known,
        ),
        fromLibrary(
            "the default profile of ~/.alibabacloud/credentials",
            () => library().ProfileCredentialsProvider.builder().build(),
            known,
        ),
        fromLibrary(
            "the ECS RAM role (instance metadata; off when ALIBABA_CLOUD_ECS_METADATA_DISABLED=true)",
            () =>
                // The builder reads ALIBABA_CLOUD_ECS_METADATA (role name) and the switch itself.
                cached("ecs", env, () => library().ECSRAMRoleCredentialsProvider.builder().build()),
            known,
        ),
    ];
    const uri = env.ALIBABA_CLOUD_CREDENTIALS_URI;
    links.push(
        uri
            ? fromLibrary(
                  "ALIBABA_CLOUD_CREDENTIALS_URI",
                  () =>
                      cached("uri", env, () =>
                          library().URICredentialsProvider.builder().withCredentialsURI(uri).build(),
                      ),
                  known,
              )
            : { name: "ALIBABA_CLOUD_CREDENTIALS_URI", load: async () => ({ missing: "not set" }) },
    );
    return links;
}

/**
 * The credential sources in the order they are tried.
 *
 * @param explicit - settings given explicitly (stack config).
 * @param env - the environment, read now.
 * @returns the chain.
 */
export function credentialChain(
    explicit: CredentialSettings,
    env: NodeJS.ProcessEnv = process.env,
): CredentialSource[] {
    const sources: CredentialSource[] = [
        pair(
            "alicloud:accessKey/alicloud:secretKey",
            "alicloud:accessKey",
            "alicloud:secretKey",
            "alicloud:securityToken",
            {
                "alicloud:accessKey": explicit.accessKeyId,
                "alicloud:secretKey": explicit.accessKeySecret,
                "alicloud:securityToken": explicit.securityToken,
            },
        ),
        pair(
            "ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET",
            "ALIBABA_CLOUD_ACCESS_KEY_ID",
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
            "ALIBABA_CLOUD_SECURITY_TOKEN",
            env,
        ),
        pair(
            "ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY",
            "ALICLOUD_ACCESS_KEY",
            "ALICLOUD_SECRET_KEY",
            "ALICLOUD_SECURITY_TOKEN",
            env,
        ),
    ];
    const profile = explicit.profile || env.ALIBABA_CLOUD_PROFILE || undefined;
    const known = (): string[] =>
        [explicit.accessKeyId, explicit.accessKeySecret, explicit.securityToken].filter(
            (v): v is string => !!v,
        );
    if (profile) {
        const origin = explicit.profile ? "alicloud:profile" : "ALIBABA_CLOUD_PROFILE";
        sources.push(
            fromLibrary(
                `profile "${profile}" (${origin}) in ~/.aliyun/config.json`,
                () => library().CLIProfileCredentialsProvider.builder().withProfileName(profile).build(),
                known,
            ),
            fromLibrary(
                `profile "${profile}" (${origin}) in ~/.alibabacloud/credentials`,
                () => library().ProfileCredentialsProvider.builder().withProfileName(profile).build(),
                known,
            ),
        );
    }
    sources.push(...standardChain(env, known));
    return sources;
}

/**
 * Resolves the credentials of a call by trying each source in order.
 *
 * @param explicit - settings given explicitly (stack config).
 * @param env - the environment, read now.
 * @param sources - the chain to try; {@link credentialChain} by default.
 * @returns the first credentials found.
 * @throws VpcCredentialsNotFoundError listing every source tried and why each gave nothing.
 */
export async function resolveCredentials(
    explicit: CredentialSettings = {},
    env: NodeJS.ProcessEnv = process.env,
    sources: CredentialSource[] = credentialChain(explicit, env),
): Promise<ResolvedCredentials> {
    const tried: string[] = [];
    for (const source of sources) {
        const result = await source.load();
        if ("accessKeyId" in result) return result;
        tried.push(`${source.name}: ${result.missing}`);
    }
    throw new VpcCredentialsNotFoundError(tried);
}
