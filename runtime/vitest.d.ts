/** The part of Vitest's API the plugin's setup file uses (Vitest is the user's, not a dependency). */
declare module 'vitest' {
  export function afterAll(callback: () => void): void;
}
