import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { CliError, UsageError } from '../errors.js';
import { printJson } from '../format/index.js';
import { JSON_OPTION, REF_POSITIONAL } from '../options.js';
import { readStdinText } from '../read-stdin.js';

interface SendArgs {
  ref: string;
  text: string[];
  '--'?: string[];
  enter: boolean;
  json: boolean;
}

export const sendCommand = defineCommand<SendArgs>({
  command: 'send <ref> [text..]',
  describe: 'Type text into a session, then Enter',
  builder: (yargs) =>
    yargs
      .positional('ref', REF_POSITIONAL)
      .positional('text', { type: 'string', array: true, describe: 'words joined with spaces; "-" reads the text from stdin' })
      .option('enter', { type: 'boolean', default: true, describe: 'press Enter after the text (--no-enter to leave it unsent)' })
      .option('json', JSON_OPTION)
      .example('$0 send a1b2c3d4 "check the test results"', 'type a prompt and press Enter')
      .example('git diff | $0 send api -', 'send stdin')
      .example('$0 send api --no-enter -- --flag', 'text that starts with a dash'),
  handler: async (argv) => {
    const { LIMITS } = await import('@codepiper/protocol');
    const words = [...(argv.text ?? []), ...(argv['--'] ?? [])].map(String);
    if (words.length === 0) throw new UsageError('send needs the text to type (or "-" to read it from stdin)');
    const text = words.length === 1 && words[0] === '-' ? await readStdinText(LIMITS.maxInputBytes) : words.join(' ');
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > LIMITS.maxInputBytes) {
      throw new CliError(`text is ${bytes} bytes; the limit is ${LIMITS.maxInputBytes} bytes (1 MiB)`, { code: 'payload_too_large' });
    }
    const result = await commandContext(argv).client.input(argv.ref, { text, enter: argv.enter });
    if (argv.json) printJson(result);
  },
});
