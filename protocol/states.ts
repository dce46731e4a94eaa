/**
 * The states a task is shown in, named once for every reader: the view's legend, tooltips and
 * history, the editor's hover, the Chrome export. The words are the seed's (Created, Running,
 * Suspended, Resumed, Completed) on purpose, so the picture and the teaching material agree.
 * No imports: model.ts takes its slice-state names from here.
 */

/** A state's name in data: counts ("2 completed"), the Chrome export's `state` argument, attributes. */
export type StateName = 'created' | 'running' | 'suspended' | 'ready' | 'sampled' | 'completed' | 'failed';

export interface StateWords {
  /** The legend's word. */
  word: string;
  /** How a slice's tooltip says it, where the legend's word is too short. */
  slice?: string;
  /** What it means, for the legend's tooltip. */
  meaning: string;
}

/** Every state in the order the legend lists them. */
export const STATE_NAMES: readonly StateName[] = ['created', 'running', 'suspended', 'ready', 'sampled', 'completed', 'failed'];

export const STATE_WORDS: Readonly<Record<StateName, StateWords>> = {
  created: { word: 'Created', meaning: 'the coroutine object exists; in JS it starts running at once, up to its first await' },
  running: { word: 'Running', meaning: 'holds the single thread' },
  suspended: { word: 'Suspended', meaning: 'paused at an await/yield, waiting for what it awaits' },
  ready: { word: 'Resumed/ready', slice: 'Resumed (ready)', meaning: 'what it awaited has settled; queued for the thread' },
  sampled: {
    word: 'Sampled',
    slice: 'Sampled (running and waiting, not recorded apart)',
    meaning: 'recorded with --sample: past its first waits only some are kept (one in N, fewer while it stays busy); between them it ran and waited, not told apart',
  },
  completed: { word: 'Completed', meaning: 'returned a value' },
  failed: { word: 'Failed', meaning: 'threw an error' },
};

/** The states a slice can be in, indexed by SegmentState (Running, Suspended, Ready, Sampled). */
export const SEGMENT_STATE_NAMES = ['running', 'suspended', 'ready', 'sampled'] as const satisfies readonly StateName[];

/** A slice's state (a SegmentState) as its tooltip and the task's history say it. */
export function sliceStateWord(state: number): string {
  const words: StateWords | undefined = STATE_WORDS[SEGMENT_STATE_NAMES[state]];
  return words?.slice ?? words?.word ?? 'unknown state';
}
