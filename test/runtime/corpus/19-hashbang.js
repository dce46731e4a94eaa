#!/usr/bin/env node
// A hashbang script: the probes must go after the hashbang line.
async function main() { await null; console.log("hashbang ok", __filename.endsWith("19-hashbang.js")); }
main();
