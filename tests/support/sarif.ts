/**
 * Validation of SARIF logs against the vendored OASIS SARIF 2.1.0 schema (tests/vendor/sarif), with
 * Ajv's draft-04 class, as the schema is a draft-04 document. The formats the schema names (uri,
 * uri-reference, date-time) are checked too, so a malformed address or time fails.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv-draft-04";

const SCHEMA_FILE = path.join(__dirname, "..", "vendor", "sarif", "sarif-schema-2.1.0.json");

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addFormat("uri", (s: string) => {
    try {
        return new URL(s).protocol !== "";
    } catch {
        return false;
    }
});
ajv.addFormat("uri-reference", (s: string) => {
    try {
        return new URL(s, "file:///repository/").href !== "";
    } catch {
        return false;
    }
});
ajv.addFormat(
    "date-time",
    (s: string) =>
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) &&
        !Number.isNaN(Date.parse(s)),
);

const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")) as object);

/**
 * The schema errors of a SARIF log, as readable lines; empty when it is valid.
 *
 * @param log - the parsed log.
 * @returns the errors.
 */
export function sarifErrors(log: unknown): string[] {
    if (validate(log)) return [];
    return (validate.errors ?? []).map(
        (e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`,
    );
}
