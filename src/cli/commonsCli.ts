// The part of Apache commons-cli 1.5.0 (the version Debian ships with ZooKeeper 3.8.0) that zkCli
// uses: Option, OptionGroup, Options, CommandLine and DefaultParser with its exact quirks.
//
// Behaviour worth knowing (all observed from zkCli 3.8.0):
//  - an option taking a value takes the next word unless that word looks like an option of this
//    command; a word that is not one of the command's options (`-x`, `--x`, `-1`) is a value;
//    a negative number (anything Double.parseDouble accepts) is always a value;
//  - `-sw` bursts into -s -w; `-v5` is -v with value 5; `-v=5` too;
//  - `--` ends option parsing; a lone `-` is an argument;
//  - repeated options are fine; the first value wins for getOptionValue;
//  - zkCli's multi-letter options (reconfig's -file, -members, -add, -remove) are *short* options,
//    so `--add` and abbreviations like `-mem` are unrecognized;
//  - values given as separate words lose one pair of surrounding double quotes.

import { isJavaDouble } from './javaLang.ts';

/** org.apache.commons.cli.ParseException and subclasses; `javaClass` is what Java prints. */
export class ParseException extends Error {
  readonly javaClass: string;
  constructor(message: string, javaClass = 'org.apache.commons.cli.ParseException') {
    super(message);
    this.javaClass = javaClass;
    this.name = javaClass.slice(javaClass.lastIndexOf('.') + 1);
  }
  /** Throwable.toString(). */
  override toString(): string {
    return `${this.javaClass}: ${this.message}`;
  }
}

export class UnrecognizedOptionException extends ParseException {
  constructor(
    message: string,
    readonly option: string | null = null,
    javaClass = 'org.apache.commons.cli.UnrecognizedOptionException',
  ) {
    super(message, javaClass);
  }
}

export class AmbiguousOptionException extends UnrecognizedOptionException {
  constructor(option: string, matching: readonly string[]) {
    super(`Ambiguous option: '${option}'  (could be: ${matching.map((m) => `'${m}'`).join(', ')})`, option, 'org.apache.commons.cli.AmbiguousOptionException');
  }
}

export class MissingArgumentException extends ParseException {
  constructor(readonly option: Option) {
    super(`Missing argument for option: ${option.getKey()}`, 'org.apache.commons.cli.MissingArgumentException');
  }
}

export class MissingOptionException extends ParseException {
  constructor(missing: readonly (string | OptionGroup)[]) {
    super(`Missing required option${missing.length === 1 ? '' : 's'}: ${missing.map((m) => m.toString()).join(', ')}`, 'org.apache.commons.cli.MissingOptionException');
  }
}

export class AlreadySelectedException extends ParseException {
  constructor(group: OptionGroup, option: Option) {
    super(
      `The option '${option.getKey()}' was specified but an option from this group has already been selected: '${group.getSelected()}'`,
      'org.apache.commons.cli.AlreadySelectedException',
    );
  }
}

const UNINITIALIZED = -1;
const UNLIMITED_VALUES = -2;

export class Option {
  readonly opt: string;
  readonly longOpt: string | null;
  readonly description: string;
  required = false;
  optionalArg = false;
  argCount: number;
  values: string[] = [];

  constructor(opt: string, hasArg: boolean, description: string, longOpt: string | null = null) {
    this.opt = opt;
    this.longOpt = longOpt;
    this.description = description;
    this.argCount = hasArg ? 1 : UNINITIALIZED;
  }

  getKey(): string {
    return this.opt;
  }

  hasArg(): boolean {
    return this.argCount > 0 || this.argCount === UNLIMITED_VALUES;
  }

  hasArgs(): boolean {
    return this.argCount > 1 || this.argCount === UNLIMITED_VALUES;
  }

  acceptsArg(): boolean {
    return (this.hasArg() || this.hasArgs() || this.optionalArg) && (this.argCount <= 0 || this.values.length < this.argCount);
  }

  requiresArg(): boolean {
    if (this.optionalArg) return false;
    if (this.argCount === UNLIMITED_VALUES) return this.values.length === 0;
    return this.acceptsArg();
  }

  addValueForProcessing(value: string): void {
    if (this.argCount === UNINITIALIZED) throw new Error('NO_ARGS_ALLOWED');
    // No value separator in zkCli's options: the value is stored as is.
    if (!this.acceptsArg()) throw new Error('Cannot add value, list full.');
    this.values.push(value);
  }

  clone(): Option {
    const o = new Option(this.opt, false, this.description, this.longOpt);
    o.required = this.required;
    o.optionalArg = this.optionalArg;
    o.argCount = this.argCount;
    o.values = [...this.values];
    return o;
  }

  equals(other: Option): boolean {
    return this.opt === other.opt && this.longOpt === other.longOpt;
  }
}

export class OptionGroup {
  private readonly optionMap = new Map<string, Option>();
  private selected: string | null = null;
  required = false;

  addOption(option: Option): this {
    this.optionMap.set(option.getKey(), option);
    return this;
  }

  getOptions(): Option[] {
    return [...this.optionMap.values()];
  }

  getSelected(): string | null {
    return this.selected;
  }

  setRequired(required: boolean): void {
    this.required = required;
  }

  setSelected(option: Option | null): void {
    if (option === null) {
      this.selected = null;
      return;
    }
    if (this.selected !== null && this.selected !== option.getKey()) throw new AlreadySelectedException(this, option);
    this.selected = option.getKey();
  }

  /** `[-n num soft quota, -b bytes soft quota]`, as MissingOptionException prints a group. */
  toString(): string {
    return '[' + this.getOptions().map((o) => `-${o.opt}${o.description !== null ? ' ' + o.description : ''}`).join(', ') + ']';
  }
}

function stripLeadingHyphens(s: string): string {
  if (s.startsWith('--')) return s.substring(2);
  if (s.startsWith('-')) return s.substring(1);
  return s;
}

function stripLeadingAndTrailingQuotes(s: string): string {
  const n = s.length;
  if (n > 1 && s.startsWith('"') && s.endsWith('"') && s.substring(1, n - 1).indexOf('"') === -1) return s.substring(1, n - 1);
  return s;
}

export class Options {
  private readonly shortOpts = new Map<string, Option>();
  private readonly longOpts = new Map<string, Option>();
  private readonly requiredOpts: (string | OptionGroup)[] = [];
  private readonly optionGroups = new Map<string, OptionGroup>();

  addOption(opt: Option): this;
  addOption(opt: string, hasArg: boolean, description: string): this;
  addOption(opt: Option | string, hasArg = false, description = ''): this {
    const o = typeof opt === 'string' ? new Option(opt, hasArg, description) : opt;
    const key = o.getKey();
    if (o.longOpt !== null) this.longOpts.set(o.longOpt, o);
    if (o.required) {
      const i = this.requiredOpts.indexOf(key);
      if (i >= 0) this.requiredOpts.splice(i, 1);
      this.requiredOpts.push(key);
    }
    this.shortOpts.set(key, o);
    return this;
  }

  addOptionGroup(group: OptionGroup): this {
    if (group.required) this.requiredOpts.push(group);
    for (const o of group.getOptions()) {
      o.required = false;
      this.addOption(o);
      this.optionGroups.set(o.getKey(), group);
    }
    return this;
  }

  getRequiredOptions(): readonly (string | OptionGroup)[] {
    return this.requiredOpts;
  }

  getOptionGroups(): OptionGroup[] {
    return [...new Set(this.optionGroups.values())];
  }

  getOptionGroup(o: Option): OptionGroup | undefined {
    return this.optionGroups.get(o.getKey());
  }

  getMatchingOptions(opt: string): string[] {
    const o = stripLeadingHyphens(opt);
    if (this.longOpts.has(o)) return [o];
    return [...this.longOpts.keys()].filter((k) => k.startsWith(o));
  }

  getOption(opt: string): Option | undefined {
    const o = stripLeadingHyphens(opt);
    return this.shortOpts.get(o) ?? this.longOpts.get(o);
  }

  hasLongOption(opt: string): boolean {
    return this.longOpts.has(stripLeadingHyphens(opt));
  }

  hasShortOption(opt: string): boolean {
    return this.shortOpts.has(stripLeadingHyphens(opt));
  }

  hasOption(opt: string): boolean {
    const o = stripLeadingHyphens(opt);
    return this.shortOpts.has(o) || this.longOpts.has(o);
  }
}

export class CommandLine {
  readonly args: string[] = [];
  readonly options: Option[] = [];

  getArgs(): string[] {
    return [...this.args];
  }

  private resolveOption(opt: string): Option | undefined {
    const o = stripLeadingHyphens(opt);
    return this.options.find((x) => x.opt === o || x.longOpt === o);
  }

  hasOption(opt: string): boolean {
    const o = this.resolveOption(opt);
    return o !== undefined && this.options.some((x) => x.equals(o));
  }

  getOptionValues(opt: string): string[] | null {
    const o = this.resolveOption(opt);
    if (o === undefined) return null;
    const values: string[] = [];
    for (const x of this.options) if (x.equals(o)) values.push(...x.values);
    return values.length === 0 ? null : values;
  }

  getOptionValue(opt: string): string | null {
    const v = this.getOptionValues(opt);
    return v === null ? null : (v[0] ?? null);
  }
}

/** org.apache.commons.cli.DefaultParser (1.5.0), partial matching on, no properties. */
export class DefaultParser {
  private cmd = new CommandLine();
  private options = new Options();
  private currentToken = '';
  private currentOption: Option | null = null;
  private skipParsing = false;
  private expectedOpts: (string | OptionGroup)[] = [];
  private readonly stopAtNonOption = false;

  parse(options: Options, args: readonly string[]): CommandLine {
    this.options = options;
    this.skipParsing = false;
    this.currentOption = null;
    this.expectedOpts = [...options.getRequiredOptions()];
    for (const g of options.getOptionGroups()) g.setSelected(null);
    this.cmd = new CommandLine();
    for (const a of args) this.handleToken(a);
    this.checkRequiredArgs();
    if (this.expectedOpts.length > 0) throw new MissingOptionException(this.expectedOpts);
    return this.cmd;
  }

  private checkRequiredArgs(): void {
    if (this.currentOption !== null && this.currentOption.requiresArg()) throw new MissingArgumentException(this.currentOption);
  }

  private handleToken(token: string): void {
    this.currentToken = token;
    if (this.skipParsing) {
      this.cmd.args.push(token);
    } else if (token === '--') {
      this.skipParsing = true;
    } else if (this.currentOption !== null && this.currentOption.acceptsArg() && this.isArgument(token)) {
      this.currentOption.addValueForProcessing(stripLeadingAndTrailingQuotes(token));
    } else if (token.startsWith('--')) {
      this.handleLongOption(token);
    } else if (token.startsWith('-') && token !== '-') {
      this.handleShortAndLongOption(token);
    } else {
      this.handleUnknownToken(token);
    }
    if (this.currentOption !== null && !this.currentOption.acceptsArg()) this.currentOption = null;
  }

  private isArgument(token: string): boolean {
    return !this.isOption(token) || isJavaDouble(token);
  }

  private isOption(token: string): boolean {
    return this.isLongOption(token) || this.isShortOption(token);
  }

  private isShortOption(token: string): boolean {
    if (!token.startsWith('-') || token.length === 1) return false;
    const pos = token.indexOf('=');
    const optName = pos === -1 ? token.substring(1) : token.substring(1, pos);
    if (this.options.hasShortOption(optName)) return true;
    return optName.length > 0 && this.options.hasShortOption(optName.charAt(0));
  }

  private isLongOption(token: string): boolean {
    if (!token.startsWith('-') || token.length === 1) return false;
    const pos = token.indexOf('=');
    const t = pos === -1 ? token : token.substring(0, pos);
    if (this.options.getMatchingOptions(t).length > 0) return true;
    return this.getLongPrefix(token) !== null && !token.startsWith('--');
  }

  private getLongPrefix(token: string): string | null {
    const t = stripLeadingHyphens(token);
    for (let i = t.length - 2; i > 1; i--) {
      const prefix = t.substring(0, i);
      if (this.options.hasLongOption(prefix)) return prefix;
    }
    return null;
  }

  private handleUnknownToken(token: string): void {
    if (token.startsWith('-') && token.length > 1 && !this.stopAtNonOption) {
      throw new UnrecognizedOptionException(`Unrecognized option: ${token}`, token);
    }
    this.cmd.args.push(token);
  }

  private handleLongOption(token: string): void {
    if (token.indexOf('=') === -1) this.handleLongOptionWithoutEqual(token);
    else this.handleLongOptionWithEqual(token);
  }

  private handleLongOptionWithoutEqual(token: string): void {
    const matching = this.options.getMatchingOptions(token);
    if (matching.length === 0) {
      this.handleUnknownToken(this.currentToken);
    } else if (matching.length > 1 && !this.options.hasLongOption(token)) {
      throw new AmbiguousOptionException(token, matching);
    } else {
      const key = this.options.hasLongOption(token) ? token : (matching[0] ?? '');
      this.handleOption(this.options.getOption(key) as Option);
    }
  }

  private handleLongOptionWithEqual(token: string): void {
    const pos = token.indexOf('=');
    const value = token.substring(pos + 1);
    const opt = token.substring(0, pos);
    const matching = this.options.getMatchingOptions(opt);
    if (matching.length === 0) {
      this.handleUnknownToken(this.currentToken);
    } else if (matching.length > 1 && !this.options.hasLongOption(opt)) {
      throw new AmbiguousOptionException(opt, matching);
    } else {
      const key = this.options.hasLongOption(opt) ? opt : (matching[0] ?? '');
      const option = this.options.getOption(key) as Option;
      if (option.acceptsArg()) {
        this.handleOption(option);
        this.currentOption?.addValueForProcessing(value);
        this.currentOption = null;
      } else {
        this.handleUnknownToken(this.currentToken);
      }
    }
  }

  private handleShortAndLongOption(token: string): void {
    const t = stripLeadingHyphens(token);
    const pos = t.indexOf('=');
    if (t.length === 1) {
      if (this.options.hasShortOption(t)) this.handleOption(this.options.getOption(t) as Option);
      else this.handleUnknownToken(token);
    } else if (pos === -1) {
      if (this.options.hasShortOption(t)) {
        this.handleOption(this.options.getOption(t) as Option);
      } else if (this.options.getMatchingOptions(t).length > 0) {
        this.handleLongOptionWithoutEqual(token);
      } else {
        const opt = this.getLongPrefix(t);
        if (opt !== null && (this.options.getOption(opt) as Option).acceptsArg()) {
          this.handleOption(this.options.getOption(opt) as Option);
          this.currentOption?.addValueForProcessing(t.substring(opt.length));
          this.currentOption = null;
        } else if (this.isJavaProperty(t)) {
          this.handleOption(this.options.getOption(t.substring(0, 1)) as Option);
          this.currentOption?.addValueForProcessing(t.substring(1));
          this.currentOption = null;
        } else {
          this.handleConcatenatedOptions(token);
        }
      }
    } else {
      const opt = t.substring(0, pos);
      const value = t.substring(pos + 1);
      if (opt.length === 1) {
        const option = this.options.getOption(opt);
        if (option !== undefined && option.acceptsArg()) {
          this.handleOption(option);
          this.currentOption?.addValueForProcessing(value);
          this.currentOption = null;
        } else {
          this.handleUnknownToken(token);
        }
      } else if (this.isJavaProperty(opt)) {
        this.handleOption(this.options.getOption(opt.substring(0, 1)) as Option);
        this.currentOption?.addValueForProcessing(opt.substring(1));
        this.currentOption?.addValueForProcessing(value);
        this.currentOption = null;
      } else {
        this.handleLongOptionWithEqual(token);
      }
    }
  }

  private isJavaProperty(token: string): boolean {
    const option = this.options.getOption(token.substring(0, 1));
    return option !== undefined && (option.argCount >= 2 || option.argCount === UNLIMITED_VALUES);
  }

  private handleConcatenatedOptions(token: string): void {
    for (let i = 1; i < token.length; i++) {
      const ch = token.charAt(i);
      if (!this.options.hasOption(ch)) {
        this.handleUnknownToken(this.stopAtNonOption && i > 1 ? token.substring(i) : token);
        break;
      }
      this.handleOption(this.options.getOption(ch) as Option);
      if (this.currentOption !== null && token.length !== i + 1) {
        this.currentOption.addValueForProcessing(token.substring(i + 1));
        break;
      }
    }
  }

  private handleOption(option: Option): void {
    this.checkRequiredArgs();
    const o = option.clone();
    if (o.required) {
      const i = this.expectedOpts.indexOf(o.getKey());
      if (i >= 0) this.expectedOpts.splice(i, 1);
    }
    const group = this.options.getOptionGroup(o);
    if (group !== undefined) {
      if (group.required) {
        const i = this.expectedOpts.indexOf(group);
        if (i >= 0) this.expectedOpts.splice(i, 1);
      }
      group.setSelected(o);
    }
    this.cmd.options.push(o);
    this.currentOption = o.hasArg() ? o : null;
  }
}
