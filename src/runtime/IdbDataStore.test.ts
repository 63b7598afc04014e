// fake-indexeddb/auto installs the IDB* globals that idb's wrapper checks with instanceof (a browser
// has them); each test still gets a fresh, empty factory of its own.
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { IDBFactory, IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';
import { wrap } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryDataDir } from '../zk/persistence/DataDir.ts';
import { scanRecords, txnRecordBytes } from '../zk/persistence/FileTxnLog.ts';
import { FileTxnSnapLog, RestoreError, restore, writeEpochFile } from '../zk/persistence/FileTxnSnapLog.ts';
import { create, richSnapshot, snapshot } from '../zk/persistence/fixtures/sample.ts';
import { IdbDataStore, IdbStoreError } from './IdbDataStore.ts';
import type { FileEntry, RecordEntry } from './idbSchema.ts';

const NAME = IdbDataStore.dbName('test', 1);

/** What a crash would leave of dir, file by file (computed by MemoryDataDir.crash, not by the store). */
function durableImage(dir: MemoryDataDir): Map<string, Uint8Array> {
  const c = dir.clone();
  c.crash();
  return new Map(c.list().map((n) => [n, c.read(n)!]));
}

async function storedImage(store: IdbDataStore): Promise<Map<string, Uint8Array>> {
  const d = await store.load();
  return new Map(d.list().map((n) => [n, d.read(n)!]));
}

/** A server's life on disk: snapshot.0, txns 1..n with a roll and a snapshot every 10, epochs. */
function server(n: number, dir = new MemoryDataDir()): { dir: MemoryDataDir; log: FileTxnSnapLog } {
  const log = new FileTxnSnapLog(dir);
  log.save(snapshot(0), true);
  writeEpochFile(dir, 'acceptedEpoch', 1);
  writeEpochFile(dir, 'currentEpoch', 1);
  for (let z = 1; z <= n; z++) {
    log.append(create(z, `/n${z}`));
    if (z % 10 === 0) {
      log.rollLog();
      log.commit();
      log.save(z === 20 ? richSnapshot(z) : snapshot(z));
    }
  }
  log.commit();
  return { dir, log };
}

const stores: IdbDataStore[] = [];
async function open(factory: IDBFactory, name = NAME, runRecords?: number): Promise<IdbDataStore> {
  const s = await IdbDataStore.open(name, factory, runRecords === undefined ? {} : { runRecords });
  stores.push(s);
  return s;
}
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  vi.restoreAllMocks();
});

async function rejection(p: Promise<unknown>): Promise<IdbStoreError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(IdbStoreError);
  return e as IdbStoreError;
}

describe('IdbDataStore: round trip', () => {
  it('names one database per server per ensemble', () => {
    expect(IdbDataStore.dbName('default', 3)).toBe('zooscope:default:server-3');
  });

  it('loads exactly the durable bytes, and restore reads the same image as after a crash', async () => {
    const { dir, log } = server(35);
    log.append(create(36, '/unsynced')); // not durable: must not reach the store
    const pending = log.beginSync();
    log.append(create(37, '/after-mark'));
    log.commit(pending); // 36 durable, 37 not
    log.save(snapshot(37)); // a snapshot never synced: lost by a crash
    const factory = new IDBFactory();
    await (await open(factory)).persist(dir);

    // A reload: a new connection to the same database.
    const loaded = await (await open(factory)).load();
    const expected = durableImage(dir);
    expect(loaded.list()).toEqual([...expected.keys()]);
    expect(loaded.list()).not.toContain('snapshot.25');
    for (const [name, bytes] of expected) expect(loaded.read(name), name).toEqual(bytes);
    for (const f of loaded.info()) expect(f).toMatchObject({ durable: true, durableLength: f.length });

    const crashed = dir.clone();
    crashed.crash();
    const fromStore = restore(loaded);
    expect(fromStore).not.toBeInstanceOf(RestoreError);
    expect(fromStore).toEqual(restore(crashed));
    expect((fromStore as { lastZxid: number }).lastZxid).toBe(36);
  });

  it('keeps one txnlog entry per record of the log appended to, addressable by zxid with its exact bytes; a rolled log as one run; the epochs by name', async () => {
    const { dir } = server(12);
    const factory = new IDBFactory();
    const store = await open(factory);
    await store.persist(dir);
    const records = dir.list().filter((n) => n.startsWith('log.')).reduce((k, n) => k + scanRecords(dir.read(n)!).length, 0);
    expect(await store.stats()).toEqual({ logRecords: records, snapshots: 2, bytes: [...durableImage(dir).values()].reduce((k, b) => k + b.length, 0) });

    const raw = wrap(await new Promise<IDBDatabase>((res) => (factory.open(NAME).onsuccess = (e) => res((e.target as IDBOpenDBRequest).result))));
    const rec = await raw.getFromIndex('txnlog', 'zxid', 12);
    expect(rec).toMatchObject({ file: 'log.b' });
    expect(rec.count).toBeUndefined();
    expect(rec.bytes).toEqual(txnRecordBytes(create(12, '/n12')));
    // log.1 was rolled (log.b followed it): its ten records are one run, indexed by the first.
    const rolled = await raw.getFromIndex('txnlog', 'zxid', 1);
    expect(rolled).toMatchObject({ file: 'log.1', count: 10 });
    expect(rolled.bytes.subarray(0, txnRecordBytes(create(1, '/n1')).length)).toEqual(txnRecordBytes(create(1, '/n1')));
    expect(await raw.getFromIndex('txnlog', 'zxid', 7)).toBeUndefined();
    expect(await raw.get('epochs', 'currentEpoch')).toEqual({ name: 'currentEpoch', value: 1, bytes: new TextEncoder().encode('1') });
    expect((await raw.get('snapshots', 'snapshot.a')).zxid).toBe(10);
    raw.close();
  });
});

describe('IdbDataStore: persist is incremental', () => {
  it('appending one record writes one txnlog entry, not the file', async () => {
    const { dir, log } = server(45);
    const store = await open(new IDBFactory());
    await store.persist(dir);
    const before = await store.stats();
    const put = vi.spyOn(FakeObjectStore.prototype, 'put');

    log.append(create(46, '/one'));
    log.commit();
    await store.persist(dir);
    const txnlogPuts = put.mock.contexts.filter((s) => (s as IDBObjectStore).name === 'txnlog').length;
    expect(txnlogPuts).toBe(1);
    expect(put).toHaveBeenCalledTimes(2); // the record and the file's listing entry
    expect(store.lastPersist).toMatchObject({ whole: false, recordsPut: 1, filesPut: 1, bytesPut: txnRecordBytes(create(46, '/one')).length });
    expect((await store.stats()).logRecords).toBe(before.logRecords + 1);
    expect(await storedImage(store)).toEqual(durableImage(dir));
  });

  it('fsyncs in quick succession share one transaction: a persist waiting for its turn takes in later ones of the same dir', async () => {
    const { dir, log } = server(45);
    const store = await open(new IDBFactory());
    await store.persist(dir);
    const transactions = vi.spyOn(IDBDatabase.prototype, 'transaction');
    const marks = (): never[] => [];

    log.append(create(46, '/a'));
    log.commit();
    const first = store.persist(dir, marks);
    log.append(create(47, '/b'));
    log.commit();
    const second = store.persist(dir, marks);
    expect(second).toBe(first);
    await second;
    expect(transactions).toHaveBeenCalledTimes(1);
    expect(store.lastPersist).toMatchObject({ recordsPut: 2 });
    expect(await storedImage(store)).toEqual(durableImage(dir));

    // Another operation queued in between ends the sharing: what follows it is written after it.
    log.append(create(48, '/c'));
    log.commit();
    const third = store.persist(dir, marks);
    const stats = store.stats();
    const fourth = store.persist(dir, marks);
    expect(fourth).not.toBe(third);
    await Promise.all([third, stats, fourth]);
    expect(await storedImage(store)).toEqual(durableImage(dir));
  });

  it('once enough records stand one per entry, the next persist folds them into one run entry', async () => {
    const { dir, log } = server(5); // log.1: records 1..5, one entry each
    const factory = new IDBFactory();
    const store = await open(factory, NAME, 8);
    await store.persist(dir);
    log.append(create(6, '/six'));
    log.commit();
    await store.persist(dir);
    expect(store.lastPersist).toMatchObject({ recordsPut: 1 });
    const put = vi.spyOn(FakeObjectStore.prototype, 'put');
    log.append(create(7, '/seven'));
    log.append(create(8, '/eight'));
    log.commit();
    await store.persist(dir); // 8 records stand alone: one run of all of them replaces them
    expect(put.mock.contexts.filter((s) => (s as IDBObjectStore).name === 'txnlog')).toHaveLength(1);
    expect(store.lastPersist).toMatchObject({ recordsPut: 1 });
    const raw = wrap(await new Promise<IDBDatabase>((res) => (factory.open(NAME).onsuccess = (e) => res((e.target as IDBOpenDBRequest).result))));
    const runs = (await raw.getAll('txnlog')) as RecordEntry[];
    expect(runs.map((r) => [r.file, r.zxid, r.count])).toEqual([['log.1', 1, 8]]);
    expect(await raw.getFromIndex('txnlog', 'zxid', 1)).toEqual(runs[0]);
    raw.close();
    expect(await store.stats()).toMatchObject({ logRecords: 8 });
    expect(await storedImage(store)).toEqual(durableImage(dir));
  });

  it('a store written before runs (no looseFrom in its listing) loads, and folds all its records at the next fold', async () => {
    const { dir, log } = server(5);
    const factory = new IDBFactory();
    const writer = await open(factory);
    await writer.persist(dir);
    writer.close();
    const raw = wrap(await new Promise<IDBDatabase>((res) => (factory.open(NAME).onsuccess = (e) => res((e.target as IDBOpenDBRequest).result))));
    const listing = (await raw.get('files', 'log.1')) as FileEntry;
    const { looseFrom: _from, loose: _loose, ...old } = listing;
    await raw.put('files', old);
    raw.close();

    const store = await open(factory, NAME, 4);
    const loaded = await store.load();
    expect(new Map(loaded.list().map((n) => [n, loaded.read(n)!]))).toEqual(durableImage(dir));
    const relog = new FileTxnSnapLog(loaded);
    relog.append(create(6, '/six')); // a restarted server starts a new log file...
    relog.commit();
    await store.persist(loaded);
    // ... so to grow log.1, write to it as a torn write finished later would
    loaded.append('log.1', txnRecordBytes(create(7, '/seven')));
    loaded.sync();
    await store.persist(loaded);
    expect(store.lastPersist).toMatchObject({ recordsPut: 1 });
    await expectRunsThenLoose(factory, NAME, 4);
    expect(await storedImage(store)).toEqual(new Map(loaded.list().map((n) => [n, loaded.read(n)!])));
  });

  it('persists nothing when nothing became durable, and a truncated log is rewritten', async () => {
    const { dir, log } = server(25);
    const store = await open(new IDBFactory());
    await store.persist(dir);
    log.append(create(26, '/unsynced'));
    const put = vi.spyOn(FakeObjectStore.prototype, 'put');
    await store.persist(dir);
    expect(put).not.toHaveBeenCalled();

    log.truncateLog(22); // the same gen and, after the appends below, the same durable length
    log.append(create(23, '/other-23'));
    log.append(create(24, '/other-24'));
    log.commit();
    await store.persist(dir);
    expect(await storedImage(store)).toEqual(durableImage(dir));
  });

  it('a durable half record is kept as the tail and becomes a record once whole; a cut and rewritten end is seen', async () => {
    const { dir, log } = server(5);
    const factory = new IDBFactory();
    const store = await open(factory);
    const reader = await open(factory); // store.load() would make the loaded dir the one mirrored
    await store.persist(dir);
    const file = log.currentLogFile!;
    const r6 = txnRecordBytes(create(6, '/six'));
    dir.append(file, r6.subarray(0, 9)); // a write torn by the machine, durable as far as it got
    dir.sync();
    await store.persist(dir);
    expect(await storedImage(reader)).toEqual(durableImage(dir));
    dir.append(file, r6.subarray(9));
    dir.append(file, txnRecordBytes(create(7, '/seven')));
    dir.sync();
    await store.persist(dir);
    expect(store.lastPersist).toMatchObject({ whole: false, recordsPut: 2 });
    expect(await storedImage(reader)).toEqual(durableImage(dir));

    // Cut into the durable part and written again to the same length: same gen, same length.
    const length = dir.read(file)!.length;
    dir.truncate(file, length - r6.length);
    dir.append(file, txnRecordBytes(create(7, '/other')).subarray(0, r6.length));
    dir.sync();
    expect(dir.read(file)!.length).toBe(length);
    await store.persist(dir);
    expect(await storedImage(reader)).toEqual(durableImage(dir));
  });
});

type Op =
  | { k: 'append'; n: number }
  | { k: 'sync' }
  | { k: 'mark' }
  | { k: 'commitMark' }
  | { k: 'roll' }
  | { k: 'snapshot'; sync: boolean }
  | { k: 'truncate'; back: number }
  | { k: 'epoch'; file: 'acceptedEpoch' | 'currentEpoch'; value: number }
  | { k: 'crash'; keepEmpty: boolean }
  | { k: 'tear'; zeroFill: boolean }
  | { k: 'corrupt'; back: number }
  | { k: 'reload' }
  | { k: 'persist' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ k: fc.constant('append' as const), n: fc.integer({ min: 1, max: 4 }) }), weight: 6 },
  { arbitrary: fc.constant({ k: 'sync' as const }), weight: 3 },
  fc.constant({ k: 'mark' as const }),
  fc.constant({ k: 'commitMark' as const }),
  fc.constant({ k: 'roll' as const }),
  fc.record({ k: fc.constant('snapshot' as const), sync: fc.boolean() }),
  fc.record({ k: fc.constant('truncate' as const), back: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ k: fc.constant('epoch' as const), file: fc.constantFrom('acceptedEpoch' as const, 'currentEpoch' as const), value: fc.integer({ min: 0, max: 99 }) }),
  fc.record({ k: fc.constant('crash' as const), keepEmpty: fc.boolean() }),
  fc.record({ k: fc.constant('tear' as const), zeroFill: fc.boolean() }),
  fc.record({ k: fc.constant('corrupt' as const), back: fc.integer({ min: 0, max: 4 }) }),
  fc.constant({ k: 'reload' as const }),
  { arbitrary: fc.constant({ k: 'persist' as const }), weight: 5 },
);

/**
 * Every log's record entries: runs of at least `run` records, then, in the newest log (the one
 * appended to), fewer than `run` single records; in older logs, at most one shorter run.
 */
async function expectRunsThenLoose(factory: IDBFactory, name: string, run: number): Promise<void> {
  const raw = wrap(await new Promise<IDBDatabase>((res) => (factory.open(name).onsuccess = (e) => res((e.target as IDBOpenDBRequest).result))));
  const entries = (await raw.getAll('txnlog')) as RecordEntry[];
  const logs = ((await raw.getAllKeys('files')) as string[]).filter((n) => n.startsWith('log.'));
  raw.close();
  const newest = logs.sort((a, b) => parseInt(a.slice(4), 16) - parseInt(b.slice(4), 16)).at(-1);
  const shapes = new Map<string, string>(); // per file: R a run of at least `run`, r a shorter one, s a single record
  for (const e of entries) shapes.set(e.file, (shapes.get(e.file) ?? '') + (e.count === undefined ? 's' : e.count >= run ? 'R' : 'r'));
  for (const [file, shape] of shapes) expect(shape, file).toMatch(file === newest ? new RegExp(`^R*(r|s{0,${run - 1}})$`) : /^R*r?$/);
}

describe('IdbDataStore: property', () => {
  it.each([
    ['runs of 1,024 records (the default)', undefined],
    ['records folded into runs of 3', 3],
  ])('after every persist, a fresh connection loads the durable image byte for byte (%s)', async (_, runRecords) => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 60, size: 'max' }), async (ops) => {
        const factory = new IDBFactory();
        const name = `prop-${run++}`;
        const store = await open(factory, name, runRecords);
        const reader = await open(factory, name);
        let dir = new MemoryDataDir();
        let log = new FileTxnSnapLog(dir, { snapRetainCount: 3 });
        let zxid = 0;
        let mark: ReturnType<FileTxnSnapLog['beginSync']> | null = null;
        const check = async (): Promise<void> => expect(await storedImage(reader)).toEqual(durableImage(dir));
        for (const op of [...ops, { k: 'persist' } as const]) {
          switch (op.k) {
            case 'append': for (let i = 0; i < op.n; i++) log.append(create(++zxid, `/n${zxid}`)); break;
            case 'sync': log.commit(); break;
            case 'mark': mark = log.beginSync(); break;
            case 'commitMark': if (mark) log.commit(mark); break;
            case 'roll': log.rollLog(); break;
            case 'snapshot': log.save(snapshot(zxid), op.sync); break;
            case 'truncate': log.truncateLog(Math.max(1, zxid - op.back)); break;
            case 'epoch': writeEpochFile(dir, op.file, op.value); break;
            case 'crash': dir.crash({ keepUnsyncedFilesEmpty: op.keepEmpty }); log = new FileTxnSnapLog(dir, { snapRetainCount: 3 }); mark = null; break;
            case 'tear': dir.tearLastRecord({ zeroFill: op.zeroFill }); break;
            case 'corrupt': dir.corruptRecord(zxid - op.back); break;
            case 'reload': // the worker dies and a new one starts from the store
              await store.persist(dir);
              dir.crash();
              dir = await store.load();
              log = new FileTxnSnapLog(dir, { snapRetainCount: 3 });
              mark = null;
              break;
            case 'persist':
              await store.persist(dir);
              await check();
              if (runRecords !== undefined) await expectRunsThenLoose(factory, name, runRecords);
              break;
          }
        }
        store.close();
        reader.close();
      }),
      { numRuns: 100 },
    );
  });
});

describe('IdbDataStore: faults act on the stored bytes as on the in-memory disk', () => {
  async function both(): Promise<{ store: IdbDataStore; mem: MemoryDataDir }> {
    const { dir, log } = server(33);
    log.append(create(34, '/unsynced'));
    const store = await open(new IDBFactory());
    await store.persist(dir);
    const mem = dir.clone();
    mem.crash(); // what the store holds
    return { store, mem };
  }
  const image = (d: MemoryDataDir): Map<string, Uint8Array> => new Map(d.list().map((n) => [n, d.read(n)!]));
  const outcome = (d: MemoryDataDir): unknown => {
    const r = restore(d);
    return r instanceof RestoreError ? { code: r.code, message: r.message } : r;
  };

  for (const zeroFill of [false, true]) {
    it(`tearLastRecord${zeroFill ? ' (zero-filled)' : ''}`, async () => {
      const { store, mem } = await both();
      expect(await store.tearLastRecord({ zeroFill })).toBe(mem.tearLastRecord({ zeroFill }));
      const loaded = await store.load();
      expect(image(loaded)).toEqual(image(mem));
      expect(loaded.read('log.1f')).not.toEqual(durableImage(server(33).dir).get('log.1f'));
      expect(outcome(loaded)).toEqual(outcome(mem));
      expect((restore(loaded) as { lastZxid: number }).lastZxid).toBe(32);
    });
  }

  it('corruptRecord: the same restore error (a checksum failure)', async () => {
    const { store, mem } = await both();
    expect(await store.corruptRecord(31)).toBe(true);
    expect(mem.corruptRecord(31)).toBe(true);
    expect(await store.corruptRecord(99)).toBe(mem.corruptRecord(99));
    const loaded = await store.load();
    expect(image(loaded)).toEqual(image(mem));
    const r = restore(loaded);
    expect(r).toBeInstanceOf(RestoreError);
    expect((r as RestoreError).code).toBe('txnLog');
    expect(outcome(loaded)).toEqual(outcome(mem));
  });

  it('loseNewestSnapshot until none is left: then no snapshot but logs', async () => {
    const { store, mem } = await both();
    for (;;) {
      const lost = await store.loseNewestSnapshot();
      expect(lost).toBe(mem.loseNewestSnapshot());
      const loaded = await store.load();
      expect(image(loaded)).toEqual(image(mem));
      expect(outcome(loaded)).toEqual(outcome(mem));
      if (lost === null) break;
    }
    expect((outcome(mem) as { code: string }).code).toBe('noSnapshotButLogs');
  });

  it('wipe empties the store; destroy deletes the database', async () => {
    const factory = new IDBFactory();
    const store = await open(factory);
    await store.persist(server(5).dir);
    await store.wipe();
    expect((await store.load()).list()).toEqual([]);
    expect(await store.stats()).toEqual({ logRecords: 0, snapshots: 0, bytes: 0 });
    await store.persist(server(5).dir);
    await IdbDataStore.destroy(NAME, factory); // our open connection steps aside
    expect((await factory.databases()).map((d) => d.name)).not.toContain(NAME);
    expect((await rejection(store.load())).code).toBe('unavailable');
  });
});

/** A factory whose connections call onTx with each new transaction. */
function hooked(real: IDBFactory, onTx: (tx: IDBTransaction) => void): IDBFactory {
  return {
    open(name: string, version?: number) {
      const req = real.open(name, version);
      req.addEventListener('success', () => {
        const db = req.result;
        const orig = db.transaction.bind(db);
        db.transaction = ((...args: Parameters<IDBDatabase['transaction']>) => {
          const tx = orig(...args);
          onTx(tx);
          return tx;
        }) as IDBDatabase['transaction'];
      });
      return req;
    },
    deleteDatabase: (name: string) => real.deleteDatabase(name),
    cmp: (a: unknown, b: unknown) => real.cmp(a, b),
    databases: () => real.databases(),
  };
}

/** A factory whose open request does nothing but fire `event` (with `error`). */
function stubOpen(event: 'blocked' | 'error', error: DOMException | null = null): IDBFactory {
  return {
    open() {
      const req = Object.assign(new EventTarget(), { error, result: undefined });
      setTimeout(() => req.dispatchEvent(new Event(event)));
      return req as unknown as IDBOpenDBRequest;
    },
  } as unknown as IDBFactory;
}

describe('IdbDataStore: errors', () => {
  it('no IndexedDB, a refused open, a failed open: unavailable', async () => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'indexedDB')!;
    delete (globalThis as { indexedDB?: unknown }).indexedDB;
    try {
      expect((await rejection(IdbDataStore.open(NAME))).code).toBe('unavailable');
    } finally {
      Object.defineProperty(globalThis, 'indexedDB', saved);
    }
    const throwing = { open: () => { throw new DOMException('access denied', 'SecurityError'); } } as unknown as IDBFactory;
    const e = await rejection(IdbDataStore.open(NAME, throwing));
    expect(e.code).toBe('unavailable');
    expect(e.message).toContain('SecurityError');
    expect((await rejection(IdbDataStore.open(NAME, stubOpen('error', new DOMException('private mode', 'InvalidStateError'))))).code).toBe('unavailable');
  });

  it('a blocked open or delete: blocked', async () => {
    expect((await rejection(IdbDataStore.open(NAME, stubOpen('blocked')))).code).toBe('blocked');
    const factory = new IDBFactory();
    await open(factory);
    // Another tab's connection that ignores versionchange.
    const other = await new Promise<IDBDatabase>((res) => (factory.open(NAME).onsuccess = (e) => res((e.target as IDBOpenDBRequest).result)));
    expect((await rejection(IdbDataStore.destroy(NAME, factory))).code).toBe('blocked');
    other.close();
  });

  for (const [how, code] of [['abort', 'aborted'], ['QuotaExceededError', 'quota']] as const) {
    it(`a transaction that aborts (${how}): ${code}, and nothing is taken as stored`, async () => {
      let armed = false;
      const factory = new IDBFactory();
      const store = await open(hooked(factory, (tx) => {
        if (!armed || tx.mode !== 'readwrite') return;
        queueMicrotask(() => (how === 'abort' ? tx.abort() : (tx as unknown as { _abort(n: string): void })._abort(how)));
      }));
      const { dir, log } = server(15);
      await store.persist(dir);
      log.append(create(16, '/lost-write'));
      log.commit();
      armed = true;
      const e = await rejection(store.persist(dir));
      expect(e.code).toBe(code);
      if (code === 'quota') expect(e.message).toMatch(/^IndexedDB quota exceeded: /);
      armed = false;
      const reader = await open(factory);
      expect((await reader.load()).list()).toEqual([...durableImage(server(15).dir).keys()]);
      expect(await storedImage(reader)).not.toEqual(durableImage(dir));
      await store.persist(dir); // the failed write is done again, not skipped
      expect(await storedImage(reader)).toEqual(durableImage(dir));
    });
  }

  it('entries that do not fit together: corrupt-store', async () => {
    const factory = new IDBFactory();
    const store = await open(factory);
    await store.persist(server(5).dir);
    const raw = wrap(await new Promise<IDBDatabase>((res) => (factory.open(NAME).onsuccess = (e) => res((e.target as IDBOpenDBRequest).result))));
    await raw.delete('txnlog', ['log.1', 16 + txnRecordBytes(create(1, '/n1')).length]); // record 2
    raw.close();
    const e = await rejection(store.load());
    expect(e.code).toBe('corrupt-store');
    expect(e.message).toContain('log.1');
  });

  it('a missing run of records: corrupt-store', async () => {
    const factory = new IDBFactory();
    const store = await open(factory, NAME, 2);
    await store.persist(server(5).dir); // log.1: runs [1,2] [3,4], then record 5
    const raw = wrap(await new Promise<IDBDatabase>((res) => (factory.open(NAME).onsuccess = (e) => res((e.target as IDBOpenDBRequest).result))));
    const run = (await raw.getFromIndex('txnlog', 'zxid', 3)) as RecordEntry;
    expect(run.count).toBe(2);
    await raw.delete('txnlog', [run.file, run.offset]);
    raw.close();
    const e = await rejection(store.load());
    expect(e.code).toBe('corrupt-store');
    expect(e.message).toContain('log.1');
  });

  it('a closed store: unavailable', async () => {
    const store = await open(new IDBFactory());
    store.close();
    expect((await rejection(store.persist(new MemoryDataDir()))).code).toBe('unavailable');
  });
});
