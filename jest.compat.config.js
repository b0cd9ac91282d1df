/**
 * The suites that need both sets of versions of `.ci/matrix.json` (tests/compat/): state written by one
 * set, run by the other. The second CI leg runs them (`npx jest -c jest.compat.config.js`); `npm test`
 * does not. Same set-up as the `slow` project of `jest.config.js`.
 */
const base = require("./jest.config.js");

const slow = base.projects.find((p) => p.displayName === "slow");

/** @type {import('jest').Config} */
module.exports = {
    globalSetup: base.globalSetup,
    projects: [{ ...slow, displayName: "compat", testRegex: ["/tests/compat/.+\\.test\\.ts$"] }],
};
