// Ties docs/protocol.md to protocol/events.ts: every kind the code declares is documented.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { EVENT_KIND_NAMES, TURN_KIND_NAMES, WAIT_KIND_NAMES, PROTOCOL_VERSION } from '../../protocol/events';

const doc = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');

test('the protocol doc names its version', () => {
  assert.match(doc, new RegExp(`\\(version ${PROTOCOL_VERSION}\\)`));
});

test('every event kind is in the events table with its number', () => {
  EVENT_KIND_NAMES.forEach((name, code) => assert.match(doc, new RegExp(`\\| ${code} \\| ${name} \\|`), name));
});

test('every wait kind and turn kind is listed with its number', () => {
  WAIT_KIND_NAMES.forEach((name, code) => assert.ok(doc.includes(`${code} ${name}`), `wait kind ${code} ${name}`));
  TURN_KIND_NAMES.forEach((name, code) => assert.ok(doc.includes(`${code} ${name}`), `turn kind ${code} ${name}`));
});

test('every frame type is in the framing table', () => {
  for (const [code, name] of [[1, 'Hello'], [2, 'Sites'], [3, 'Strings'], [4, 'Events'], [5, 'End']] as const) {
    assert.match(doc, new RegExp(`\\| ${code} \\| ${name} \\|`));
  }
});
