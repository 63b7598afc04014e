// A java.io.PrintStream over a text sink: print/println as zkCli's System.out and System.err.

/** Java's UTF-8 encoder writes '?' for an unpaired surrogate. */
function javaPrintable(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '?');
}

export class PrintStream {
  constructor(private readonly sink: (text: string) => void) {}

  /** print(String): null prints as "null". */
  print(s: string | number | null): void {
    this.sink(javaPrintable(s === null ? 'null' : String(s)));
  }

  println(s: string | number | null = ''): void {
    this.sink(javaPrintable((s === null ? 'null' : String(s)) + '\n'));
  }
}
