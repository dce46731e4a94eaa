/**
 * Bad and partial input in real Chromium: an empty trace, a program that crashed, a file cut
 * in the middle, a corrupt file, a newer format version each show a clear message (never a
 * blank page); and live mode keeps up with a stream appended in small batches.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { encodeHeader } from '../../protocol/frames';
import { launch, openPage, recordFixture, screenshotPath, tempDir, writePage } from './harness';

const dir = tempDir();
let browser: Browser;
let good: Uint8Array;

before(async () => {
  good = recordFixture('concurrent', dir);
  browser = await launch();
});
after(async () => browser?.close());

async function messageFor(bytes: Uint8Array, name: string): Promise<{ message: string; banner: string; renders: number }> {
  const page = await openPage(browser, writePage(bytes, dir, name));
  const out = await page.evaluate(() => ({
    message: document.querySelector('.covis-message:not([hidden])')?.textContent ?? '',
    banner: document.querySelector('.covis-banner:not([hidden])')?.textContent ?? '',
    renders: window.__covis?.renders ?? 0,
  }));
  await page.screenshot({ path: screenshotPath(`input-${name}.png`) });
  await page.close();
  return out;
}

describe('bad input shows a clear message', () => {
  test('empty trace (0 bytes)', async () => {
    const { message } = await messageFor(new Uint8Array(0), 'empty');
    assert.match(message, /trace is empty/);
  });

  test('a header and nothing else: no tasks', async () => {
    const { message } = await messageFor(encodeHeader(), 'no-tasks');
    assert.match(message, /holds no tasks/);
  });

  test('program died of an uncaught exception: banner "cut short", lanes still drawn', async () => {
    const { message, banner } = await messageFor(recordFixture('crash', dir), 'crash');
    assert.equal(message, '');
    assert.match(banner, /^cut short: uncaught-exception/);
    assert.match(banner, /uncaught in a timer/);
  });

  /** A length that ends inside a frame (the last one's length field), wherever the frames fall. */
  function midFrameCut(bytes: Uint8Array): number {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let at = 6;
    let last = at;
    while (at + 5 <= bytes.length) {
      last = at;
      at += 5 + view.getUint32(at, true);
    }
    return last + 3;
  }

  test('file cut in the middle of a frame: banner "cut short", what was read is drawn', async () => {
    const { message, banner } = await messageFor(good.subarray(0, midFrameCut(good)), 'truncated');
    assert.equal(message, '');
    assert.match(banner, /^cut short: the trace stops in the middle of a frame/);
  });

  test('corrupt file', async () => {
    const { message } = await messageFor(new TextEncoder().encode('{"traceEvents": []} this is not a covis trace'), 'corrupt');
    assert.match(message, /Cannot read this trace: not a Coroutine Visualizer trace/);
  });

  test('corrupt frame after a good header', async () => {
    const bytes = new Uint8Array(good);
    // Inside the first frame after the Hello (its JSON): what a damaged disk block would hit.
    const helloLength = new DataView(bytes.buffer).getUint32(6, true);
    const next = 6 + 5 + helloLength;
    bytes.fill(0xff, next + 5, next + 65);
    const { message } = await messageFor(bytes, 'corrupt-frame');
    assert.match(message, /Cannot read this trace: /);
  });

  test('trace from a newer format version', async () => {
    const bytes = new Uint8Array(good);
    bytes[5] = 99;
    const { message, banner } = await messageFor(bytes, 'newer');
    assert.match(message, /version 99 is newer than this reader/);
    assert.equal(banner, '', 'no "cut short" banner over a message');
  });
});

describe('live mode', () => {
  test('a stream appended in batches is drawn as it arrives and follows the tail', async () => {
    const page = await openPage(browser, writePage(good, dir, 'live'), { stubVsCode: true });
    // No named helpers inside evaluate: tsx would wrap them in a __name() the page does not have.
    const result = await page.evaluate(async (base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      window.postMessage({ type: 'reset', live: true, title: 'live' }, '*');
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const rowsSeen: number[] = [];
      for (let at = 0; at < bytes.length; at += 97) {
        window.postMessage({ type: 'append', bytes: bytes.slice(at, at + 97) }, '*');
        if (at % (97 * 8) === 0) {
          await new Promise((resolve) => requestAnimationFrame(resolve));
          await new Promise((resolve) => requestAnimationFrame(resolve));
          rowsSeen.push(window.__covis!.rows.count);
        }
      }
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const following = window.__covis!.following;
      const followVisible = !document.querySelector<HTMLButtonElement>('.covis-follow, button[aria-pressed]')!.hidden;
      window.postMessage({ type: 'status', live: false, text: 'exited with code 0' }, '*');
      await new Promise((resolve) => requestAnimationFrame(resolve));
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const v = window.__covis!;
      return {
        rowsSeen,
        following,
        followVisible,
        final: v.rows.count,
        tasks: v.session.model.tasks.filter(Boolean).length,
        domainEnd: v.x.domain()[1],
        timeEnd: v.session.model.timeEnd,
        status: document.querySelector('.covis-status')!.textContent,
        banner: document.querySelector('.covis-banner')!.hasAttribute('hidden'),
      };
    }, Buffer.from(good).toString('base64'));
    assert.ok(result.rowsSeen.length > 3);
    assert.ok(result.rowsSeen[0] < result.final, 'lanes appeared while the stream was arriving');
    assert.equal(result.final, result.tasks);
    assert.equal(result.following, true);
    assert.ok(Math.abs(result.domainEnd - result.timeEnd) < 1e-6, 'the view follows the newest events');
    assert.match(result.status ?? '', /^exited with code 0 · /);
    assert.equal(result.banner, true, 'a complete stream is not "cut short"');
    await page.close();
  });
});
