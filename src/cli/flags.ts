/** `fledge flags SUBCOMMAND`: the feature flag commands. */
import { processIo, type Io } from './command.js';
import { EXIT } from './errors.js';
import { flagsEvalCommand } from './flags-eval.js';
import { flagsGetCommand, flagsListCommand } from './flags-read.js';
import { flagsResultsCommand } from './flags-results.js';
import {
  flagsDisableCommand,
  flagsEnableCommand,
  flagsRearmCommand,
  flagsRolloutCommand,
} from './flags-write.js';

type Sub = { summary: string; run: (args: readonly string[], io?: Io) => Promise<number> };

export const flagSubcommands: Record<string, Sub> = {
  list: { summary: 'list FeatureFlags', run: flagsListCommand },
  get: { summary: 'show one FeatureFlag', run: flagsGetCommand },
  eval: { summary: 'evaluate a flag for a context (live ConfigMap or --file)', run: flagsEvalCommand },
  enable: { summary: 'set a flag ENABLED', run: flagsEnableCommand },
  disable: { summary: 'set a flag DISABLED', run: flagsDisableCommand },
  rollout: { summary: 'set the rollout percentage of a flag', run: flagsRolloutCommand },
  rearm: {
    summary: 're-arm a kill switch that fired or a guarded rollout that rolled back',
    run: flagsRearmCommand,
  },
  results: { summary: "show an experiment's results", run: flagsResultsCommand },
};

export function flagsUsage(): string {
  const width = Math.max(...Object.keys(flagSubcommands).map((s) => s.length));
  const list = Object.entries(flagSubcommands)
    .map(([name, s]) => `  ${name.padEnd(width)}  ${s.summary}`)
    .join('\n');
  return `Usage: fledge flags <subcommand> [options]

Subcommands:
${list}

Run "fledge flags <subcommand> --help" for its options.
`;
}

export async function flagsCommand(args: readonly string[], io: Io = processIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    if (sub === undefined) io.err(flagsUsage());
    else io.out(flagsUsage());
    return sub === undefined ? EXIT.usage : EXIT.ok;
  }
  const cmd = flagSubcommands[sub];
  if (!cmd) {
    io.err(`fledge flags: unknown subcommand "${sub}"\n\n${flagsUsage()}`);
    return EXIT.usage;
  }
  return cmd.run(rest, io);
}
