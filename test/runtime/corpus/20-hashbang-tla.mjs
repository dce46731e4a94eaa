#!/usr/bin/env node
// Hashbang plus top-level await in an ES module.
const v = await Promise.resolve("tla after hashbang");
console.log(v);
