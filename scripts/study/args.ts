// Command-line arguments of the headless study runner, with errors that say how to fix them.
export interface StudyArgs {
  notebook: string;
  report?: string;
  ipynb?: string;
  csv?: string;
  json?: string;
  png?: string;
  /** Only write the exports from cached results; run nothing. */
  noRun: boolean;
  quiet: boolean;
}

export const USAGE = 'usage: npm run study -- <notebook.organism.json> [--report out.html] [--ipynb out.ipynb] [--csv out.csv] [--json out.json] [--png dir] [--no-run] [--quiet]';

export function parseStudyArgs(argv: string[]): StudyArgs {
  const args: Partial<StudyArgs> & { noRun: boolean; quiet: boolean } = { noRun: false, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = (): string => {
      const v = argv[++i];
      if (!v || v.startsWith('--')) throw new Error(`${arg} needs a value.\n${USAGE}`);
      return v;
    };
    if (arg === '--report') args.report = value();
    else if (arg === '--ipynb') args.ipynb = value();
    else if (arg === '--csv') args.csv = value();
    else if (arg === '--json') args.json = value();
    else if (arg === '--png') args.png = value();
    else if (arg === '--no-run') args.noRun = true;
    else if (arg === '--quiet') args.quiet = true;
    else if (arg === '--help' || arg === '-h') throw new Error(USAGE);
    else if (arg.startsWith('--')) throw new Error(`Unknown option ${arg}.\n${USAGE}`);
    else if (args.notebook) throw new Error(`Only one notebook per run (got ${args.notebook} and ${arg}).\n${USAGE}`);
    else args.notebook = arg;
  }
  if (!args.notebook) throw new Error(`Name the notebook to run.\n${USAGE}`);
  return args as StudyArgs;
}
