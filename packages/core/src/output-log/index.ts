/**
 * The durable output log: a session's raw output in two rotating segment files under
 * `$CODEPIPER_HOME/sessions/<id>/`, plus its `exit.json`. The pty host writes; anyone may read.
 */
export { OutputLogWriter, type OutputLogWriterOptions } from './writer.js';
export { readOutputLog, outputLogRange, type OutputLogChunk } from './reader.js';
export { writeExitRecord, readExitRecord, removeExitRecord, EXIT_RECORD_FILE, type ExitRecord } from './exit-record.js';
export { segmentFileName } from './segments.js';
