export { OutputSequencer, type OutputStep, type SequencerMode } from './output-sequencer.js';
export { SessionStream, type ExitMessage, type OutputSink, type SessionStreamOptions, type StreamEnd } from './session-stream.js';
