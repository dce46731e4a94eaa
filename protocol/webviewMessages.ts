/**
 * Messages between the extension host and the swimlane webview (both directions), declared
 * once. The trace itself travels as raw stream bytes (the same bytes as a .covis file) and
 * the webview decodes them with FrameDecoder, so live sessions and saved files share one path.
 */
import type { Finding } from './findings/types';

export const enum ToWebviewType {
  /** Forget everything shown; `bytes` (optional) is a whole trace, header included. */
  Reset = 'reset',
  /** More bytes of the live stream (continuing the one started by Reset). */
  Append = 'append',
  /** Session state for the toolbar ("running pid 123", "exited with code 1"). */
  Status = 'status',
  /** Select and scroll to a task (from a hover link or the editor). */
  SelectTask = 'selectTask',
  /** What the finished run proves wrong (protocol/findings.ts), listed beside the lanes. */
  Findings = 'findings',
}

export interface ResetMessage {
  type: ToWebviewType.Reset;
  bytes?: Uint8Array;
  /** Title shown above the lanes, e.g. the program's file name. */
  title?: string;
  live?: boolean;
}

export interface AppendMessage {
  type: ToWebviewType.Append;
  bytes: Uint8Array;
}

export interface StatusMessage {
  type: ToWebviewType.Status;
  live: boolean;
  text: string;
}

export interface SelectTaskMessage {
  type: ToWebviewType.SelectTask;
  taskId: number;
}

/**
 * The findings of the trace last sent with Reset, computed by the host once the run has ended
 * (with the program's sources, which the webview cannot read). Replaces any earlier list; a
 * Reset clears it.
 */
export interface FindingsMessage {
  type: ToWebviewType.Findings;
  findings: Finding[];
}

export type ToWebviewMessage = ResetMessage | AppendMessage | StatusMessage | SelectTaskMessage | FindingsMessage;

export const enum FromWebviewType {
  /** The webview has loaded and can take messages (the host re-sends the snapshot then). */
  Ready = 'ready',
  /** Open the source of a site in the editor. */
  Reveal = 'reveal',
  /** The user selected a task (the host may highlight its lines). */
  TaskSelected = 'taskSelected',
  /** Something went wrong in the view (corrupt data...): shown in the output channel too. */
  Error = 'error',
}

export interface ReadyMessage {
  type: FromWebviewType.Ready;
}

export interface RevealMessage {
  type: FromWebviewType.Reveal;
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export interface TaskSelectedMessage {
  type: FromWebviewType.TaskSelected;
  taskId: number;
}

export interface ErrorMessage {
  type: FromWebviewType.Error;
  message: string;
}

export type FromWebviewMessage = ReadyMessage | RevealMessage | TaskSelectedMessage | ErrorMessage;

/** What the webview keeps in vscode.setState so a reloaded panel can come back (serializer). */
export interface WebviewPersistedState {
  /** Path of the trace file the panel showed, if it came from a file. */
  tracePath?: string;
  selectedTask?: number;
  /** Visible time window [start, end] in trace ms. */
  window?: [number, number];
}
