/**
 * A setup file the Vite plugin adds to Vitest's: the recorder writes out what it holds after
 * each test file. Vitest ends its worker processes with a signal, which runs no exit hook, so
 * the events of a worker's last turns would otherwise be lost.
 */
import { afterAll } from 'vitest';

afterAll(() => (globalThis as { __covis?: { flush?: () => void } }).__covis?.flush?.());

export {};
