import { usageError } from './cli-error';

/** A command's arguments split into positionals and `--name value` options, or `--help`. */
export type SplitArgs<Name extends string> =
  | { kind: 'help' }
  | { kind: 'args'; positionals: string[]; options: Partial<Record<Name, string>> };

/**
 * Splits `args` the way every `pulseboard` command reads them: `-h`/`--help` anywhere asks for
 * help, `--name value` and `--name=value` for each of `names` (at most once each), everything
 * after `--` positional. Throws a usage CliError naming an unknown option, a repeated one, or
 * one without a value.
 */
export function splitArgs<Name extends string>(
  args: readonly string[],
  names: readonly Name[],
): SplitArgs<Name> {
  const positionals: string[] = [];
  const options: Partial<Record<Name, string>> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    if (arg.startsWith('--')) {
      const [name, value, consumed] = readOption(arg, args[i + 1], names);
      if (name in options) throw usageError(`--${name} is given twice`);
      options[name] = value;
      i += consumed;
    } else if (/^-[A-Za-z]/.test(arg)) {
      throw usageError(`unknown option ${arg}`);
    } else {
      positionals.push(arg);
    }
  }
  return { kind: 'args', positionals, options };
}

function readOption<Name extends string>(
  arg: string,
  next: string | undefined,
  names: readonly Name[],
): [Name, string, number] {
  const eq = arg.indexOf('=');
  const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
  if (!(names as readonly string[]).includes(name)) throw usageError(`unknown option --${name}`);
  if (eq >= 0) return [name as Name, arg.slice(eq + 1), 0];
  if (next === undefined || next.startsWith('--')) throw usageError(`--${name} needs a value`);
  return [name as Name, next, 1];
}
