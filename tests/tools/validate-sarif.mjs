// Validates a SARIF log (the file named by argv[2]) against the OASIS SARIF 2.1.0 JSON schema
// (draft-04) shipped in @microsoft/jest-sarif, with ajv 6. Prints each schema error and exits 1
// when there is one; exits 0 and prints `valid` otherwise.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const Ajv = require("ajv");
const schema = require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");

const ajv = new Ajv({ schemaId: "auto", allErrors: true, meta: false });
ajv.addMetaSchema(require("ajv/lib/refs/json-schema-draft-04.json"));
const validate = ajv.compile(schema);
const log = JSON.parse(readFileSync(process.argv[2], "utf8"));
if (validate(log)) {
  console.log("valid");
} else {
  for (const e of validate.errors) console.log(`${e.dataPath || "/"}: ${e.message}`);
  process.exit(1);
}
