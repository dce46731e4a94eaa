/** A saved .covis file read into the model, for the CLI's commands: unreadable files and corrupt traces become one clear message. */
import * as fs from 'node:fs';
import { decodeTrace, TraceFormatError } from '../protocol/frames';
import { buildModel, type TraceModel } from '../protocol/model';

export class TraceFileError extends Error {}

export function readTraceFile(file: string): TraceModel {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new TraceFileError(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    const { frames, truncated } = decodeTrace(bytes);
    return buildModel(frames, truncated);
  } catch (error) {
    if (error instanceof TraceFormatError) throw new TraceFileError(`${file} is not a readable trace: ${error.message}`);
    throw error;
  }
}
