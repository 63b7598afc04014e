// The failures the storage layer can meet, typed after the Java exceptions ZooKeeper's code reacts
// to: the difference between an EOFException (end of a log, tolerated) and any other IOException
// (refuse to start) is the whole of ZooKeeper's torn-write policy, so it is kept here as a class.

export type IOErrorCode =
  /** Input ended early (java.io.EOFException). */
  | 'eof'
  /** A length field outside [0, jute.maxbuffer + extra] (BinaryInputArchive.checkLength). */
  | 'unreasonableLength'
  /** A log record whose Adler32 does not match (FileTxnLog "CRC check failed"). */
  | 'crc'
  /** A file listed but gone when opened (FileNotFoundException). */
  | 'notFound'
  /** A file header with the wrong magic number. */
  | 'badMagic'
  /** A txn header type SerializeUtils.deserializeTxn does not know, or a bad multi sub-txn. */
  | 'unsupportedTxn'
  /** A snapshot whose seal (Adler32) does not match ("CRC corruption"). */
  | 'snapshotCrc'
  /** A snapshot tree that cannot be rebuilt ("Invalid Datatree"). */
  | 'invalidTree'
  /**
   * What is a RuntimeException in Java (NullPointerException on a -1 record length, the
   * "missing acls" RuntimeException, an invalid TTL owner): not caught by the IOException
   * handlers, so ZooKeeper dies instead of trying the next file.
   */
  | 'runtime';

export class IOError extends Error {
  constructor(
    readonly code: IOErrorCode,
    message: string,
  ) {
    super(message);
    this.name = code === 'eof' ? 'EOFError' : 'IOError';
  }
}

export class EOFError extends IOError {
  constructor(message = 'EOF') {
    super('eof', message);
  }
}

export function isEOF(e: unknown): e is EOFError {
  return e instanceof IOError && e.code === 'eof';
}
